namespace Leaderboards.Engine;

/// <summary>
/// A score for one player. <see cref="Subscore"/> breaks ties on equal scores (0 when omitted).
/// <see cref="Metadata"/> is a UTF-8 JSON object of at most 1 KiB, stored with the entry.
/// </summary>
public sealed record ScoreSubmission(string PlayerId, long Score, long? Subscore = null, byte[]? Metadata = null);
