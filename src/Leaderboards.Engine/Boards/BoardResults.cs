namespace Leaderboards.Engine.Boards;

/// <summary>An entry with its 1-based board rank. <see cref="UpdatedAt"/> is when it reached its value.</summary>
public sealed record RankedEntry(long Rank, string PlayerId, long Score, long Subscore, DateTimeOffset UpdatedAt, byte[]? Metadata);

/// <summary>
/// One player's place: their entry, the board's size, and the percentage of players they rank at or
/// above (100 for the leader, 100/total for the last).
/// </summary>
public sealed record PlayerStanding(RankedEntry Entry, long Total, double Percentile);

/// <summary>
/// What a submission did. <see cref="PreviousRank"/> is null for a new entry; <see cref="Improved"/> says the
/// entry moved ahead (a new entry counts as improved); <see cref="Changed"/> is false when the board kept the old value.
/// </summary>
public sealed record SubmitResult(string PlayerId, long Score, long Subscore, long Rank, long? PreviousRank, bool Improved, bool Changed);

/// <summary>
/// A player's neighbourhood: the player and the entries just above and below, in rank order, read in one cut: the
/// player is among <see cref="Entries"/>, with the same rank.
/// </summary>
public sealed record PlayerNeighbourhood(PlayerStanding Player, IReadOnlyList<RankedEntry> Entries);

/// <summary>A page of entries in rank order and the board's size, read in one cut: <see cref="Total"/> counts the entries the page was taken from.</summary>
public sealed record BoardPage(IReadOnlyList<RankedEntry> Entries, long Total);

/// <summary>A board's size, and each partition's size, stream position and replica lag.</summary>
public sealed record BoardStatus(long Entries, IReadOnlyList<Partitions.PartitionStatus> Partitions);
