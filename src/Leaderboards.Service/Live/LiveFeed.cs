using System.Collections.Concurrent;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Live.Internal;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Live;

/// <summary>
/// Turns the partitions' change streams into live updates. A change only marks its board dirty; at each
/// <see cref="PublishDueAsync"/> (the host calls it once per interval) each dirty board's top-N is computed once for the
/// largest subscribed limit and published per limit, and each watched player's standing is checked. A subscriber's first
/// state is sent on subscribe and the board is marked dirty again, so the last update anyone receives is computed after
/// their last change.
/// </summary>
public sealed partial class LiveFeed(ILivePublisher publisher, ILogger<LiveFeed> logger) : IBoardObserver
{
    private readonly ConcurrentDictionary<string, BoardFeed> _boards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new(StringComparer.Ordinal);

    /// <summary>Updates published so far (a top-N update for a group of subscribers counts once).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    private long _messagesSent;
    private long _openConnections;

    /// <summary>Open hub connections.</summary>
    public long Connections => Interlocked.Read(ref _openConnections);

    public void Connected() => Interlocked.Increment(ref _openConnections);

    public async ValueTask BoardStartedAsync(BoardHandle board)
    {
        var feed = _boards.AddOrUpdate(board.Id, _ => new BoardFeed(board), (_, old) => old.Handle == board ? old : old.With(board));
        if (feed.AttachedTo(board.Board))
        {
            foreach (var partition in board.Board.Partitions)
                await partition.AddSinkAsync(new FeedSink(feed));
        }
        feed.MarkDirty();
    }

    public void BoardStopped(BoardHandle board)
    {
        if (_boards.TryGetValue(board.Id, out var feed))
            feed.MarkDirty();
    }

    public void AddTop(string connectionId, string boardId, int limit)
    {
        var feed = Feed(boardId);
        feed.TopLimits.AddOrUpdate(limit, 1, (_, n) => n + 1);
        feed.TopSubscribers[(connectionId, limit)] = 0;
        Track(connectionId, boardId);
    }

    public void AddPlayer(string connectionId, string boardId, string playerId, PlayerState state)
    {
        Feed(boardId).Watches[(connectionId, playerId)] = state;
        Track(connectionId, boardId);
    }

    /// <summary>Drops a connection's subscriptions to one board; answers the top limits it held (to leave their groups).</summary>
    public IReadOnlyList<int> Remove(string connectionId, string boardId)
    {
        var limits = new List<int>();
        if (!_boards.TryGetValue(boardId, out var feed))
            return limits;
        foreach (var key in feed.TopSubscribers.Keys)
        {
            if (key.Connection == connectionId && feed.TopSubscribers.TryRemove(key, out _))
            {
                limits.Add(key.Limit);
                feed.TopLimits.AddOrUpdate(key.Limit, 0, (_, n) => n - 1);
            }
        }
        foreach (var key in feed.Watches.Keys)
        {
            if (key.Connection == connectionId)
                feed.Watches.TryRemove(key, out _);
        }
        if (_connections.TryGetValue(connectionId, out var boards))
            boards.TryRemove(boardId, out _);
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
    /// followed with the top limits it held there, to leave their groups and tell the client.
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

    public void MarkDirty(string boardId) => Feed(boardId).MarkDirty();

    /// <summary>A board's current top entries, read from the partition owners.</summary>
    public static async Task<TopUpdate> TopAsync(BoardHandle handle, int limit, CancellationToken cancellationToken)
    {
        var board = handle.Board;
        var entries = await board.TopAsync(limit, ReadConsistency.Strong, cancellationToken);
        long total = await board.CountAsync(ReadConsistency.Strong, cancellationToken);
        return new TopUpdate(handle.Id, handle.CurrentSeasonId, limit, Math.Max(total, entries.Count), entries);
    }

    /// <summary>Publishes what changed on every board marked dirty since the last call; one board's failure is logged and skips only it.</summary>
    public async Task PublishDueAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _boards.Values)
        {
            if (!feed.TakeDirty())
                continue;
            try
            {
                await PublishAsync(feed, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PublishFailed(logger, feed.Handle.Id, e);
            }
        }
    }

    private async Task PublishAsync(BoardFeed feed, CancellationToken cancellationToken)
    {
        var handle = feed.Handle;
        if (!handle.TryEnter(out var lease))
            return; // stopped; the replacement's own feed state takes over
        using (lease)
        {
            var changed = feed.TakeChanged();
            int largest = 0;
            foreach (var (limit, count) in feed.TopLimits)
                largest = count > 0 ? Math.Max(largest, limit) : largest;
            if (largest > 0)
            {
                // One read for the largest limit; smaller limits are its prefixes.
                var top = await TopAsync(handle, largest, cancellationToken);
                foreach (var (limit, count) in feed.TopLimits)
                {
                    if (count <= 0)
                        continue;
                    var update = limit == largest ? top : top with { Limit = limit, Entries = [.. top.Entries.Take(limit)] };
                    await publisher.PublishTopAsync(update, cancellationToken);
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
                        if (other != playerId && overtakenBy.Count < 5 && await StandingAsync(other) is { } o && o.Entry.Rank < next.Rank)
                            overtakenBy.Add(other);
                    }
                }
                feed.Watches[(connection, playerId)] = next;
                await publisher.PublishRankAsync(connection, new RankUpdate(
                    handle.Id, playerId, next.Rank, state.Rank, next.Score, next.Subscore, standing?.Total ?? 0, overtakenBy), cancellationToken);
                Interlocked.Increment(ref _messagesSent);
            }
        }
    }

    private BoardFeed Feed(string boardId) => _boards.TryGetValue(boardId, out var feed) ? feed : throw new BoardNotFoundException(boardId);

    private void Track(string connectionId, string boardId) =>
        _connections.GetOrAdd(connectionId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[boardId] = 0;

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Publishing live changes of board {BoardId} failed")]
        public static partial void PublishFailed(ILogger logger, string boardId, Exception exception);
    }
}
