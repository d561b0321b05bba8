using System.Collections.Concurrent;
using Leaderboards.Contracts;
using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Boards;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Live;

/// <summary>
/// Turns the partitions' change streams into hub messages. A change only marks its board dirty; once per interval each
/// dirty board's top-N is computed once per subscribed limit and sent to that limit's group (SignalR serialises a group
/// message once per protocol), and each watched player's standing is checked. A subscriber's first state is sent on
/// subscribe and the board is marked dirty again, so the last message anyone receives is computed after their last change.
/// </summary>
public sealed partial class LiveFeed(IHubContext<LeaderboardHub> hub, IOptions<LiveOptions> options, ILogger<LiveFeed> logger)
    : BackgroundService, IBoardObserver
{
    private readonly ConcurrentDictionary<string, BoardFeed> _boards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new(StringComparer.Ordinal);

    /// <summary>Messages sent so far (each group send counts once).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    private long _messagesSent;
    private long _openConnections;

    /// <summary>Open hub connections.</summary>
    public long Connections => Interlocked.Read(ref _openConnections);

    internal void Connected() => Interlocked.Increment(ref _openConnections);

    public static string TopGroup(string boardId, int limit) => $"top:{limit}:{boardId}";

    public async ValueTask BoardStartedAsync(BoardHandle board)
    {
        var feed = _boards.AddOrUpdate(board.Id, _ => new BoardFeed(board), (_, old) => old.Handle == board ? old : old.With(board));
        if (feed.AttachedTo(board.Board))
        {
            foreach (var partition in board.Board.Partitions)
                await partition.AddSinkAsync(new Sink(feed));
        }
        feed.MarkDirty();
    }

    public void BoardStopped(BoardHandle board)
    {
        if (_boards.TryGetValue(board.Id, out var feed))
            feed.MarkDirty();
    }

    internal void AddTop(string connectionId, string boardId, int limit)
    {
        var feed = Feed(boardId);
        feed.TopLimits.AddOrUpdate(limit, 1, (_, n) => n + 1);
        feed.TopSubscribers[(connectionId, limit)] = 0;
        Track(connectionId, boardId);
    }

    internal void AddPlayer(string connectionId, string boardId, string playerId, PlayerState state)
    {
        Feed(boardId).Watches[(connectionId, playerId)] = state;
        Track(connectionId, boardId);
    }

    /// <summary>Drops a connection's subscriptions to one board; answers the top limits it held (to leave their groups).</summary>
    internal IReadOnlyList<int> Remove(string connectionId, string boardId)
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

    internal void RemoveConnection(string connectionId)
    {
        Interlocked.Decrement(ref _openConnections);
        if (!_connections.TryRemove(connectionId, out var boards))
            return;
        foreach (string boardId in boards.Keys)
            Remove(connectionId, boardId);
    }

    internal void MarkDirty(string boardId) => Feed(boardId).MarkDirty();

    internal static async Task<TopChangedMessage> TopAsync(BoardHandle handle, int limit, CancellationToken cancellationToken)
    {
        var board = handle.Board;
        var entries = await board.TopAsync(limit, ReadConsistency.Strong, cancellationToken);
        long total = await board.CountAsync(ReadConsistency.Strong, cancellationToken);
        return new TopChangedMessage(handle.Id, limit, Math.Max(total, entries.Count), entries.ToResponses()) { Season = handle.CurrentSeasonId };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var feed in _boards.Values)
            {
                if (!feed.TakeDirty())
                    continue;
                try
                {
                    await PublishAsync(feed, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.PublishFailed(logger, feed.Handle.Id, e);
                }
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
                    var message = limit == largest ? top : top with { Limit = limit, Entries = [.. top.Entries.Take(limit)] };
                    await hub.Clients.Group(TopGroup(handle.Id, limit)).SendAsync("TopChanged", message, cancellationToken);
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
                await hub.Clients.Client(connection).SendAsync("RankChanged", new RankChangedMessage(
                    handle.Id, playerId, next.Rank, state.Rank, next.Score, next.Subscore, standing?.Total ?? 0, overtakenBy), cancellationToken);
                Interlocked.Increment(ref _messagesSent);
            }
        }
    }

    private BoardFeed Feed(string boardId) => _boards.GetOrAdd(boardId, _ => throw new HubException($"There is no board '{boardId}'."));

    private void Track(string connectionId, string boardId) =>
        _connections.GetOrAdd(connectionId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[boardId] = 0;

    /// <summary>What a watcher last heard about a player.</summary>
    internal readonly record struct PlayerState(long? Rank, long? Score, long? Subscore)
    {
        public static PlayerState Of(PlayerStanding? standing) =>
            standing is null ? default : new(standing.Entry.Rank, standing.Entry.Score, standing.Entry.Subscore);
    }

    private sealed class BoardFeed(BoardHandle handle)
    {
        private readonly HashSet<Board> _attached = [];
        private readonly Lock _changedLock = new();
        private HashSet<string> _changed = new(StringComparer.Ordinal);
        private int _dirty;

        public BoardHandle Handle { get; private set; } = handle;

        public ConcurrentDictionary<int, int> TopLimits { get; private init; } = new();

        public ConcurrentDictionary<(string Connection, int Limit), byte> TopSubscribers { get; private init; } = new();

        public ConcurrentDictionary<(string Connection, string PlayerId), PlayerState> Watches { get; private init; } = new();

        /// <summary>The same subscribers, following the board that now serves this id.</summary>
        public BoardFeed With(BoardHandle next)
        {
            Handle = next;
            return this;
        }

        public bool AttachedTo(Board board)
        {
            lock (_attached)
                return _attached.Add(board);
        }

        public void MarkDirty() => Volatile.Write(ref _dirty, 1);

        public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

        public void Changed(ChangeBatch batch)
        {
            if (!Watches.IsEmpty)
            {
                lock (_changedLock)
                {
                    foreach (var change in batch.Changes)
                        _changed.Add(change.PlayerId);
                }
            }
            MarkDirty();
        }

        public HashSet<string> TakeChanged()
        {
            lock (_changedLock)
            {
                var taken = _changed;
                _changed = new HashSet<string>(StringComparer.Ordinal);
                return taken;
            }
        }
    }

    /// <summary>Marks the board dirty; never blocks the partition that publishes.</summary>
    private sealed class Sink(BoardFeed feed) : IChangeSink
    {
        public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken)
        {
            feed.Changed(batch);
            return ValueTask.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Publishing live changes of board {BoardId} failed")]
        public static partial void PublishFailed(ILogger logger, string boardId, Exception exception);
    }
}
