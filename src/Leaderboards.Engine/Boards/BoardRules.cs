using Leaderboards.Engine.Boards.Internal;

namespace Leaderboards.Engine.Boards;

/// <summary>
/// The rules a board applies before any store sees a submission, shared by every store that holds boards: the
/// embedded partitions and Redis Cluster place and check players the same way.
/// </summary>
public static class BoardRules
{
    /// <summary>Throws <see cref="LeaderboardValidationException"/> when the submission breaks the board's rules.</summary>
    public static void Validate(BoardOptions options, ScoreSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(submission);
        SubmissionValidator.Validate(options, submission);
    }

    /// <summary>The partition (0-based) that holds <paramref name="playerId"/> on a board of <paramref name="partitions"/>.</summary>
    public static int PartitionOf(string playerId, int partitions) => PartitionRouter.PartitionOf(playerId, partitions);
}
