namespace Leaderboards.Service.Live;

/// <summary>A watched player's new standing; <see cref="OvertakenBy"/> names players who moved ahead of them, when that is why.</summary>
public sealed record RankUpdate(
    string BoardId,
    string PlayerId,
    long? Rank,
    long? PreviousRank,
    long? Score,
    long? Subscore,
    long Total,
    IReadOnlyList<string> OvertakenBy)
{
    /// <summary>The most players <see cref="OvertakenBy"/> names.</summary>
    public const int MaxOvertakenBy = 5;
}
