namespace Leaderboards.Redis;

/// <summary>A sorted-set member with its score.</summary>
/// <param name="Member">The member.</param>
/// <param name="Score">Its score.</param>
public readonly record struct SortedSetEntry(string Member, double Score);
