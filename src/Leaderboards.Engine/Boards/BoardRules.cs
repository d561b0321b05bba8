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

    /// <summary>
    /// Throws <see cref="LeaderboardValidationException"/> when a friends-list query asks for more than
    /// <see cref="Board.MaxQueryPlayers"/> players or names an invalid id (its field is <c>playerIds[i]</c>).
    /// </summary>
    public static void ValidatePlayerQuery(IReadOnlyList<string> playerIds)
    {
        ArgumentNullException.ThrowIfNull(playerIds);
        if (playerIds.Count > Board.MaxQueryPlayers)
            throw new LeaderboardValidationException("playerIds", $"at most {Board.MaxQueryPlayers} players can be queried at once.");
        for (int i = 0; i < playerIds.Count; i++)
        {
            try
            {
                PlayerIds.Validate(playerIds[i]);
            }
            catch (LeaderboardValidationException ex)
            {
                throw new LeaderboardValidationException($"playerIds[{i}]", ex.Message);
            }
        }
    }
}
