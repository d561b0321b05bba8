using Leaderboards.Engine;
using Leaderboards.Service.Errors;

namespace Leaderboards.Server.Api.Internal;

/// <summary>A score request's required fields to an engine submission; errors name the field under <c>prefix</c> (e.g. <c>entries[3].</c>).</summary>
internal static class Submissions
{
    public static ScoreSubmission From(string? playerId, long? score, long? subscore, byte[]? metadata, string prefix = "")
    {
        if (playerId is null)
            throw new InvalidFieldException(prefix + "playerId", $"{prefix}playerId is required.");
        if (score is not { } value)
            throw new InvalidFieldException(prefix + "score", $"{prefix}score is required.");
        return new ScoreSubmission(playerId, value, subscore, metadata);
    }
}
