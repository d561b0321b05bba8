using System.Collections.Concurrent;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Live.Internal;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Live;

/// <summary>
/// Turns the boards' change streams into live updates. A change only marks its board dirty; at each
/// <see cref="PublishDueAsync"/> (the host calls it once per interval) each dirty board's top-N is computed once for the
/// largest subscribed limit and handed to the publisher per limit, and each watched player's standing is checked. A
/// subscriber's first state is sent on subscribe and the board is marked dirty again, so the last update anyone receives
/// is computed after their last change. The publisher never makes this wait for a connection.
/// </summary>
/// <remarks>
/// A board id's feed follows whichever board serves the id (a replacement, a restore, the next season). A deleted board's
/// feed lets go of the board at once and is dropped when its last subscriber leaves, so deleted boards and dropped seasons
/// are not kept in memory by the feed.
/// </remarks>
public sealed partial class LiveFeed(ILivePublisher publisher, ILogger<LiveFeed> logger) : IBoardObserver
{
    private readonly ConcurrentDictionary<string, BoardFeed> _boards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new(StringComparer.Ordinal);
    // Orders adding a subscriber against dropping an unused feed; publishing never takes it.
    private readonly Lock _subscriptions = new();

    /// <summary>Updates published so far (a top-N update for a group of subscribers counts once).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    private long _messagesSent;
    private long _openConnections;

    /// <summary>Open hub connections.</summary>
    public long Connections => Interlocked.Read(ref _openConnections);

    /// <summary>Board ids with a feed: a serving board's, or a deleted one's that still has subscribers.</summary>
    internal int FeedCount => _boards.Count;

    public void Connected() => Interlocked.Increment(ref _openConnections);

    public async ValueTask BoardStartedAsync(BoardHandle board)
    {
        BoardFeed feed;
        lock (_subscriptions)
        {
            feed = _boards.GetOrAdd(board.Id, static (id, handle) => new BoardFeed(id, handle), board);
            feed.Serve(board);
        }
        await WatchAsync(feed, board.Board);
        feed.MarkDirty();
    }

    // A watch that fails (a Redis shard failing over, in cluster mode) must not fail the board's start: the board is
    // already serving. Each publish round tries again for a feed that does not watch its board's current season.
    private async Task WatchAsync(BoardFeed feed, Boards.IRankedBoard board)
    {
        try
        {
            await feed.WatchAsync(board);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.WatchFailed(logger, feed.BoardId, e);
        }
    }

    public async ValueTask BoardStoppedAsync(BoardHandle board)
    {
        BoardFeed? feed;
        lock (_subscriptions)
        {
            if (!_boards.TryGetValue(board.Id, out feed) || !feed.Stop(board))
                return;
            // A replacement (reconfiguration, restore) starts right after and finds its subscribers here.
            DropIfUnused(feed);
        }
        await feed.UnwatchAsync(board.Seasons.Select(s => s.Board));
    }

    public void AddTop(string connectionId, string boardId, int limit)
    {
        lock (_subscriptions)
        {
            Feed(boardId).TopSubscribers.GetOrAdd(limit, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[connectionId] = 0;
            Track(connectionId, boardId);
        }
    }

    public void AddPlayer(string connectionId, string boardId, string playerId, PlayerState state)
    {
        lock (_subscriptions)
        {
            Feed(boardId).Watches[(connectionId, playerId)] = state;
            Track(connectionId, boardId);
        }
    }

    /// <summary>Drops a connection's subscriptions to one board; answers the top limits it held.</summary>
    public IReadOnlyList<int> Remove(string connectionId, string boardId)
    {
        var limits = new List<int>();
        if (_connections.TryGetValue(connectionId, out var boards))
            boards.TryRemove(boardId, out _);
        if (!_boards.TryGetValue(boardId, out var feed))
            return limits;
        foreach (var (limit, connections) in feed.TopSubscribers)
        {
            if (connections.TryRemove(connectionId, out _))
                limits.Add(limit);
        }
        foreach (var key in feed.Watches.Keys)
        {
            if (key.Connection == connectionId)
                feed.Watches.TryRemove(key, out _);
        }
        lock (_subscriptions)
            DropIfUnused(feed);
        publisher.Unsubscribed(connectionId, boardId);
        return limits;
    }

    public void RemoveConnection(string connectionId)
    {
        Interlocked.Decrement(ref _openConnections);
        if (!_connections.TryRemove(connectionId, out var boards))
            return;
        foreach (string boardId in boards.Keys)
            Remove(connectionId, boardId);
    }

    /// <summary>
    /// Drops every subscription of a connection that is still open (the caller is about to close it): answers each board it
    /// followed with the top limits it held there, to tell the client. Updates still waiting for it are dropped.
    /// </summary>
    public IReadOnlyList<(string BoardId, IReadOnlyList<int> Limits)> RemoveSubscriptions(string connectionId)
    {
        var ended = new List<(string BoardId, IReadOnlyList<int> Limits)>();
        if (!_connections.TryRemove(connectionId, out var boards))
            return ended;
        foreach (string boardId in boards.Keys)
            ended.Add((boardId, Remove(connectionId, boardId)));
        return ended;
    }

    /// <summary>Publishes the board's state at the next interval (nothing when the board is gone).</summary>
    public void MarkDirty(string boardId)
    {
        if (_boards.TryGetValue(boardId, out var feed))
            feed.MarkDirty();
    }

    /// <summary>A board's current top entries, read from the partition owners.</summary>
    public static async Task<TopUpdate> TopAsync(BoardHandle handle, int limit, CancellationToken cancellationToken)
    {
        var board = handle.Board;
        // One cut: the total counts the same state the entries come from.
        var page = await board.PageWithTotalAsync(0, limit, ReadConsistency.Strong, cancellationToken);
        return new TopUpdate(handle.Id, handle.CurrentSeasonId, limit, page.Total, page.Entries);
    }

    /// <summary>Publishes what changed on every board marked dirty since the last call; one board's failure is logged and skips only it.</summary>
    public async Task PublishDueAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _boards.Values)
        {
            if (feed.Handle is { } serving && !feed.IsWatching(serving.Board))
            {
                await WatchAsync(feed, serving.Board);
                feed.MarkDirty();
            }
            if (!feed.TakeDirty())
                continue;
            try
            {
                await PublishAsync(feed, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PublishFailed(logger, feed.BoardId, e);
            }
        }
    }

    private async Task PublishAsync(BoardFeed feed, CancellationToken cancellationToken)
    {
        // None: deleted and not created again; a stopped one: its replacement's own start marks the feed dirty.
        if (feed.Handle is not { } handle || !handle.TryEnter(out var lease))
            return;
        using (lease)
        {
            var changed = feed.TakeChanged();
            int largest = 0;
            foreach (var (limit, connections) in feed.TopSubscribers)
                largest = connections.IsEmpty ? largest : Math.Max(largest, limit);
            if (largest > 0)
            {
                // One read for the largest limit; smaller limits are its prefixes. The subscribers are taken after the read,
                // so one who left before it gets nothing computed after they left.
                var top = await TopAsync(handle, largest, cancellationToken);
                foreach (var (limit, connections) in feed.TopSubscribers)
                {
                    string[] subscribers = [.. connections.Select(c => c.Key)];
                    if (subscribers.Length == 0)
                        continue;
                    var update = limit == largest ? top : top with { Limit = limit, Entries = [.. top.Entries.Take(limit)] };
                    publisher.PublishTop(update, subscribers);
                    Interlocked.Increment(ref _messagesSent);
                }
            }
            // Each player is looked up once per interval, however many watchers follow them or were overtaken by them.
            var standings = new Dictionary<string, PlayerStanding?>(StringComparer.Ordinal);
            async ValueTask<PlayerStanding?> StandingAsync(string playerId)
            {
                if (!standings.TryGetValue(playerId, out var standing))
                    standings[playerId] = standing = await lease.Board.GetPlayerAsync(playerId, ReadConsistency.Strong, cancellationToken);
                return standing;
            }
            foreach (var ((connection, playerId), state) in feed.Watches)
            {
                var standing = await StandingAsync(playerId);
                var next = PlayerState.Of(standing);
                if (next == state)
                    continue;
                var overtakenBy = new List<string>();
                if (next.Rank > state.Rank && next.Score == state.Score)
                {
                    foreach (string other in changed)
                    {
                        if (other != playerId && overtakenBy.Count < RankUpdate.MaxOvertakenBy && await StandingAsync(other) is { } o && o.Entry.Rank < next.Rank)
                            overtakenBy.Add(other);
                    }
                }
                // Only if still watched: an update for someone who left is not handed on.
                if (!feed.Watches.TryUpdate((connection, playerId), next, state))
                    continue;
                publisher.PublishRank(connection, new RankUpdate(
                    handle.Id, playerId, next.Rank, state.Rank, next.Score, next.Subscore, standing?.Total ?? 0, overtakenBy));
                Interlocked.Increment(ref _messagesSent);
            }
        }
    }

    private BoardFeed Feed(string boardId) => _boards.TryGetValue(boardId, out var feed) ? feed : throw new BoardNotFoundException(boardId);

    /// <summary>Under <see cref="_subscriptions"/>: a feed with no board and no subscribers is forgotten.</summary>
    private void DropIfUnused(BoardFeed feed)
    {
        if (feed.Handle is null && !feed.HasSubscribers)
            _boards.TryRemove(new KeyValuePair<string, BoardFeed>(feed.BoardId, feed));
    }

    private void Track(string connectionId, string boardId) =>
        _connections.GetOrAdd(connectionId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[boardId] = 0;

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Publishing live changes of board {BoardId} failed")]
        public static partial void PublishFailed(ILogger logger, string boardId, Exception exception);

        [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Watching board {BoardId} for live changes failed; trying again at the next publish")]
        public static partial void WatchFailed(ILogger logger, string boardId, Exception exception);
    }
}
