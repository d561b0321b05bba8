namespace Leaderboards.Service.Live;

/// <summary>
/// Delivers the live feed's updates to subscribers; the web host implements it over its hub. Both methods only hand the
/// update over and return at once: a connection that is slow to take its updates must never hold up the others, so an
/// implementation keeps at most the latest update per subscription for a connection that is still taking an earlier one.
/// </summary>
public interface ILivePublisher
{
    /// <summary>Hands a board's top entries to each of <paramref name="connectionIds"/>, the subscribers of that board and limit.</summary>
    void PublishTop(TopUpdate top, IReadOnlyCollection<string> connectionIds);

    /// <summary>Hands a watched player's new standing to the one connection that watches it.</summary>
    void PublishRank(string connectionId, RankUpdate update);

    /// <summary>The connection left the board: updates of that board still waiting for it are dropped.</summary>
    void Unsubscribed(string connectionId, string boardId);
}
