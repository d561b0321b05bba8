namespace Leaderboards.Server.Api.Internal;

/// <summary>A caller error that maps to one RFC 9457 problem response; thrown before anything is changed.</summary>
internal sealed class ApiProblemException(int status, string kind, string title, string detail, string? field = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>The stable problem kind, the last segment of the problem's <c>type</c>.</summary>
    public string Kind { get; } = kind;

    public string Title { get; } = title;

    public string? Field { get; } = field;

    public static ApiProblemException BoardNotFound(string boardId) =>
        new(StatusCodes.Status404NotFound, "board-not-found", "Board not found", $"There is no board '{boardId}'.", "boardId");

    public static ApiProblemException PlayerNotFound(string boardId, string playerId) =>
        new(StatusCodes.Status404NotFound, "player-not-found", "Player not found", $"Player '{playerId}' has no entry on board '{boardId}'.", "playerId");

    public static ApiProblemException Conflict(string detail, string? field = null) =>
        new(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, field);

    public static ApiProblemException UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
            "Send the request body as JSON with Content-Type: application/json.");

    public static ApiProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large",
            $"The request body must be at most {limit} bytes.");

    public static ApiProblemException Invalid(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "invalid-field", "Invalid request", detail, field);
}
