namespace Leaderboards.Server.Errors;

/// <summary>
/// One kind of RFC 9457 problem response: its status, its stable kind (the last segment of its <c>type</c>) and its title.
/// Kinds are part of the API contract: they are only ever added.
/// </summary>
public sealed record Problem(int Status, string Kind, string Title)
{
    public const string TypePrefix = "urn:leaderboards:problem:";

    public string Type => TypePrefix + Kind;
}
