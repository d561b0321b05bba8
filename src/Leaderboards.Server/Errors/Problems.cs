using Leaderboards.Engine;
using Leaderboards.Redis;
using Leaderboards.Service.Clustered;
using Leaderboards.Service.Errors;
using Leaderboards.Storage;

namespace Leaderboards.Server.Errors;

/// <summary>
/// Every problem the API answers with, and which error becomes which. The exception handler and each endpoint's declared
/// responses both read this table, so the OpenAPI document says what an endpoint really returns.
/// </summary>
public static class Problems
{
    public static readonly Problem InvalidField = new(StatusCodes.Status400BadRequest, "invalid-field", "Invalid request");
    public static readonly Problem BadRequest = new(StatusCodes.Status400BadRequest, "bad-request", "Bad request");
    public static readonly Problem Unauthorized = new(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized");
    public static readonly Problem Forbidden = new(StatusCodes.Status403Forbidden, "forbidden", "Forbidden");
    public static readonly Problem BoardNotFound = new(StatusCodes.Status404NotFound, "board-not-found", "Board not found");
    public static readonly Problem PlayerNotFound = new(StatusCodes.Status404NotFound, "player-not-found", "Player not found");
    public static readonly Problem SeasonNotFound = new(StatusCodes.Status404NotFound, "season-not-found", "Season not found");
    public static readonly Problem KeyNotFound = new(StatusCodes.Status404NotFound, "key-not-found", "Key not found");
    public static readonly Problem SnapshotNotFound = new(StatusCodes.Status404NotFound, "snapshot-not-found", "Snapshot not found");
    public static readonly Problem Conflict = new(StatusCodes.Status409Conflict, "conflict", "Conflict");
    public static readonly Problem BodyTooLarge = new(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large");
    public static readonly Problem UnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type");
    public static readonly Problem SnapshotDamaged = new(StatusCodes.Status422UnprocessableEntity, "snapshot-damaged", "Snapshot damaged");
    public static readonly Problem RateLimited = new(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests");
    public static readonly Problem Internal = new(StatusCodes.Status500InternalServerError, "internal", "Internal error");
    public static readonly Problem NotReady = new(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready");
    public static readonly Problem StorageUnavailable = new(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage unavailable");

    /// <summary>The problem an error is, with its detail and field; null for an error that is the server's fault (a 500).</summary>
    public static (Problem Problem, string Detail, string? Field)? Of(Exception error) => error switch
    {
        HttpProblemException e => (e.Problem, e.Message, e.Field),
        InvalidFieldException e => (InvalidField, e.Message, e.Field),
        LeaderboardValidationException e => (InvalidField, e.Message, e.Field),
        BoardNotFoundException e => (BoardNotFound, e.Message, e.Field),
        PlayerNotFoundException e => (PlayerNotFound, e.Message, e.Field),
        SeasonNotFoundException e => (SeasonNotFound, e.Message, e.Field),
        ApiKeyNotFoundException e => (KeyNotFound, e.Message, e.Field),
        SnapshotNotFoundException e => (SnapshotNotFound, e.Message, e.Field),
        ConflictException e => (Conflict, e.Message, e.Field),
        CatalogChangedException e => (Conflict, e.Message, null),
        NotReadyException e => (NotReady, e.Message, null),
        PersistenceCorruptException e => (SnapshotDamaged, e.Message, "snapshotId"),
        LogUnavailableException e => (StorageUnavailable, e.Message, null),
        // Cluster mode: a shard failing over, a node out of reach, or a write that fewer replicas took than required.
        // A node that has not yet followed a delete made through another node writes to the deleted board.
        RedisServerException { Prefix: "NOBOARD" } => (BoardNotFound, "The board was deleted.", "boardId"),
        ReplicationShortfallException e => (StorageUnavailable, e.Message, null),
        ClusterUnavailableException e => (StorageUnavailable, e.Message, null),
        RedisConnectionException e => (StorageUnavailable, $"Redis Cluster could not be reached: {e.Message}", null),
        RedisTimeoutException e => (StorageUnavailable, $"Redis Cluster did not answer in time: {e.Message}", null),
        RedisServerException { Prefix: "CLUSTERDOWN" or "TRYAGAIN" or "MASTERDOWN" or "LOADING" or "READONLY" or "BUSY" or "OOM" or "NOREPLICAS" } e =>
            (StorageUnavailable, $"Redis Cluster cannot serve the request now: {e.Message}", null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (BodyTooLarge, "The request body is larger than the server accepts.", null),
        BadHttpRequestException e => (BadRequest, e.Message, null),
        _ => null,
    };
}
