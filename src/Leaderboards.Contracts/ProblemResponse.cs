namespace Leaderboards.Contracts;

/// <summary>
/// An RFC 9457 problem, as every refused or failed request answers: <c>title</c> is stable for each kind of error,
/// <c>detail</c> says what happened this time, and <c>field</c> names the request field at fault when there is one.
/// </summary>
public sealed record ProblemResponse(string? Type, string? Title, int? Status, string? Detail)
{
    public string? Field { get; init; }
}
