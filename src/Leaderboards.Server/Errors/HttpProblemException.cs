namespace Leaderboards.Server.Errors;

/// <summary>A refusal that belongs to HTTP itself (a body's size or content type), thrown before anything is changed.</summary>
public sealed class HttpProblemException(Problem problem, string detail, string? field = null) : Exception(detail)
{
    public Problem Problem { get; } = problem;

    public string? Field { get; } = field;

    public static HttpProblemException UnsupportedMediaType(string expected = "application/json") =>
        new(Problems.UnsupportedMediaType, $"Send the request body as {expected} (Content-Type: {expected}).");

    public static HttpProblemException TooLarge(long limit) =>
        new(Problems.BodyTooLarge, $"The request body must be at most {limit} bytes.");
}
