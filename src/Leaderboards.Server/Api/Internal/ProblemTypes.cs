namespace Leaderboards.Server.Api.Internal;

/// <summary>Problem <c>type</c> URIs. They are part of the API contract: kinds are only ever added.</summary>
internal static class ProblemTypes
{
    public const string Prefix = "urn:leaderboards:problem:";

    public static string For(string kind) => Prefix + kind;
}
