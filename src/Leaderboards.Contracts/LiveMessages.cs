
namespace Leaderboards.Contracts;

/// <summary>A board's current top entries: sent in full on subscribe and whenever the board changed (at most once per interval).</summary>
public sealed record TopChangedMessage(string BoardId, int Limit, long Total, IReadOnlyList<EntryResponse> Entries)
{
    /// <summary>The season shown; a new id means the board rolled over to an empty season.</summary>
    public string Season { get; init; } = "all";
}

/// <summary>A watched player's new standing; <see cref="OvertakenBy"/> names players who moved ahead of them in this change, when that is why.</summary>
public sealed record RankChangedMessage(
    string BoardId,
    string PlayerId,
    long? Rank,
    long? PreviousRank,
    long? Score,
    long? Subscore,
    long Total,
    IReadOnlyList<string> OvertakenBy);

/// <summary>
/// The server ended the caller's subscriptions to a board, its top-N and its watched players alike: no further
/// <c>TopChanged</c> or <c>RankChanged</c> for that board follows. <see cref="Reason"/> is a stable code for programs,
/// <see cref="Detail"/> a sentence for people.
/// </summary>
public sealed record SubscriptionEndedMessage(string BoardId, string Reason, string Detail)
{
    /// <summary>The connection's API key was revoked; the server closes the connection after telling each of its boards.</summary>
    public const string KeyRevoked = "key-revoked";
}
