using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Stores;
using Leaderboards.Service.Stores.Internal;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// Cluster mode: boards are sorted sets on Redis Cluster and the catalog (boards, seasons, keys) is the Redis stream
/// every node follows, so a node keeps nothing that another node cannot serve. A catalog change is recorded with a
/// compare-and-append against the last record this node applied, so two nodes cannot both decide the same change; the
/// loser answers 409 and its request may be sent again. Snapshots are files on the node that takes them, in the
/// embedded store's format, so either store restores the other's.
/// </summary>
public sealed partial class ClusterStore : IStore, IAsyncDisposable
{
    /// <summary>How often a node reads the catalog stream for changes made through other nodes.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a node finishes batches that a stopped node left half applied.</summary>
    public static readonly TimeSpan PendingInterval = TimeSpan.FromSeconds(5);

    /// <summary>How old a pending batch must be before another node finishes it (its own node may still be at work).</summary>
    public static readonly TimeSpan PendingAge = TimeSpan.FromSeconds(30);

    private readonly ClusterStoreOptions _options;
    private readonly DataFiles _files;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ClusterStore> _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private RedisClient? _redis;
    private CatalogStream? _stream;
    private CatalogFollower? _follower;
    private BoardCatalog? _boards;
    private ApiKeyStore? _keys;
    private volatile bool _following;
    private Task _loops = Task.CompletedTask;
    private int _disposed;

    public ClusterStore(ClusterStoreOptions options, DataDirectory dataDirectory, PersistenceOptions persistence, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterStore>();
        _files = new DataFiles(Path.Combine(dataDirectory.Path, "cluster"), persistence, _logger);
    }

    public string Kind => "redis";

    /// <summary>Where this node writes its snapshots of the cluster.</summary>
    public string SnapshotDirectory => _files.SnapshotDirectory;

    /// <summary>The connection to the cluster, once <see cref="RecoverAsync"/> made it.</summary>
    public RedisClient Redis => _redis ?? throw new NotReadyException("recovering");

    public event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted;

    public async Task<string?> CheckAvailableAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
            return "Redis Cluster is not connected yet.";
        try
        {
            await ClusterConnection.CheckWholeAsync(_redis, _options, cancellationToken);
            return null;
        }
        catch (ClusterUnavailableException e)
        {
            return e.Message;
        }
    }

    public async Task AppendAsync(StorageRecord record)
    {
        var follower = _follower ?? throw new NotReadyException("recovering");
        string? id = await _stream!.TryAppendAsync(record, follower.Applied);
        if (id is null)
        {
            // Usually another node appended first. But if the stream's last record is older than the last one applied
            // here, the stream lost records in a failover: compare with what it holds, or no append would match again.
            string last = await _stream.LastIdAsync();
            if (follower.RewindTo(last))
                Log.CatalogRewound(_logger, last);
            throw new CatalogChangedException("The catalog changed through another node at the same moment; send the request again.");
        }
        follower.Advance(id);
    }

    /// <summary>Redis applies and replicates each script: there is no log to attach.</summary>
    public ValueTask AttachAsync(IRankedBoard board, ulong incarnation) => ValueTask.CompletedTask;

    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        (_follower ?? throw new NotReadyException("recovering")).CatchUpAsync(cancellationToken);

    public ValueTask<IRankedBoard> CreateBoardAsync(string id, ulong incarnation, BoardOptions options, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IRankedBoard>(new ClusterBoard(Redis, _options.KeyPrefix, id, options, _options.Writes, _time, KeyName(id, incarnation)));

    public async ValueTask DropBoardAsync(IRankedBoard board, CancellationToken cancellationToken = default)
    {
        await ((ClusterBoard)board).DropAsync(cancellationToken);
        await board.DisposeAsync();
    }

    public ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(
        IReadOnlyList<(IRankedBoard Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default) =>
        ClusterBoard.SubmitAcrossAsync([.. writes.Select(w => ((ClusterBoard)w.Board, w.Submission))], cancellationToken);

    /// <summary>Connects, checks the cluster, reads the whole catalog, then follows it and finishes stranded batches until disposed.</summary>
    public async Task RecoverAsync(BoardCatalog boards, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        _boards = boards;
        _keys = keys;
        _redis = await ClusterConnection.ConnectAsync(_options, _loggers, cancellationToken);
        _stream = new CatalogStream(_redis, _options.KeyPrefix, _options.Writes);
        var follower = new CatalogFollower(_stream, ApplyAsync, FollowInterval, _loggers.CreateLogger<CatalogFollower>());
        int records = await follower.CatchUpAsync(cancellationToken);
        await boards.FinishRecoveryAsync();
        _following = true;
        _follower = follower;
        _loops = Task.WhenAll(follower.RunAsync(_stop.Token), FinishPendingLoopAsync(_stop.Token));
        Log.Connected(_logger, string.Join(",", _options.SeedNodes()), boards.All.Count(), keys.List().Count, records);
    }

    // Records read at start-up rebuild the catalog; records read later are changes made (mostly) through other nodes,
    // each applied under the lock its local counterpart holds, unless this node applied it (or a later one) meanwhile.
    private async Task ApplyAsync(string id, StorageRecord record)
    {
        if (!_following)
        {
            await RebuildAsync(record);
            return;
        }
        var follower = _follower!;
        await FollowAsync(record, () => follower.HasApplied(id));
    }

    private async Task FollowAsync(StorageRecord record, Func<bool> stale)
    {
        switch (record)
        {
            case BoardDefinition definition:
                await _boards!.FollowAsync(definition, stale);
                break;
            case SeasonStarted started:
                await _boards!.FollowAsync(started, stale);
                break;
            case BoardDeleted deleted:
                await _boards!.FollowAsync(deleted, stale);
                break;
            case StoredApiKey key:
                await _keys!.FollowAsync(key, stale);
                break;
            case KeyRevoked revoked:
                await _keys!.FollowAsync(revoked, stale);
                break;
            default:
                throw new InvalidDataException($"The catalog stream holds a {record.Type} record, which it never should.");
        }
    }

    private async Task RebuildAsync(StorageRecord record)
    {
        if (!await DefinitionReplay.TryApplyAsync(record, _boards!, _keys!))
            throw new InvalidDataException($"The catalog stream holds a {record.Type} record, which it never should.");
    }

    private async Task FinishPendingLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PendingInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var handle in _boards!.All)
                {
                    if (!handle.TryEnter(out var lease))
                        continue;
                    using (lease)
                    {
                        foreach (var season in handle.Seasons)
                        {
                            try
                            {
                                int finished = await ((ClusterBoard)season.Board).RecoverPendingAsync(PendingAge, cancellationToken);
                                if (finished > 0)
                                    Log.PendingFinished(_logger, finished, handle.Id);
                            }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                Log.PendingFailed(_logger, handle.Id, e);
                            }
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Each incarnation (a board created again, a season) has keys of its own.</summary>
    private static string KeyName(string id, ulong incarnation) => $"{id}/{incarnation:x16}";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        await _loops;
        if (_redis is not null)
            await _redis.DisposeAsync();
        await _files.DisposeAsync();
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Connected to Redis Cluster {Seeds}: {Boards} boards and {Keys} keys from {Records} catalog records")]
        public static partial void Connected(ILogger logger, string seeds, int boards, int keys, int records);

        [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Finished {Count} batches of board {BoardId} that a stopped node left half applied")]
        public static partial void PendingFinished(ILogger logger, int count, string boardId);

        [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Could not finish pending batches of board {BoardId}; retrying later")]
        public static partial void PendingFailed(ILogger logger, string boardId, Exception exception);

        [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "The catalog stream lost records this node had applied (a failover before they were replicated; set WaitReplicas to 1 to keep them); appending after {Last} from now on")]
        public static partial void CatalogRewound(ILogger logger, string last);

        [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Snapshot {Id} of the cluster: {Entries} entries, {Bytes} bytes in {Elapsed}")]
        public static partial void SnapshotTaken(ILogger logger, string id, long entries, long bytes, TimeSpan elapsed);
    }
}
