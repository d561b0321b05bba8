using Leaderboards.Engine.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Embedded;

/// <summary>
/// The embedded store: boards, seasons and keys kept in the data directory's log and snapshots. Every change is appended
/// before it is acknowledged; start-up loads the newest snapshot and replays the log after it.
/// </summary>
public sealed partial class DurableStore : IJournal, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger<DurableStore> _logger;
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private readonly DataFiles _files;
    private readonly StorageChangeLog _changeLog;
    private BoardCatalog? _boards;
    private ApiKeyStore? _keys;

    public DurableStore(DataDirectory dataDirectory, PersistenceOptions options, TimeProvider time, ILogger<DurableStore> logger)
        : this(new DataFiles(dataDirectory.Path, options, logger), time, logger)
    {
    }

    /// <summary>A store over <paramref name="files"/>, which it owns from now on (tests pass files whose disk can fail).</summary>
    internal DurableStore(DataFiles files, TimeProvider time, ILogger<DurableStore> logger)
    {
        _time = time;
        _logger = logger;
        _files = files;
        _files.FsyncCompleted += elapsed => FsyncCompleted?.Invoke(elapsed);
        _changeLog = new StorageChangeLog(_files);
    }

    public string LogDirectory => _files.LogDirectory;

    public string SnapshotDirectory => _files.SnapshotDirectory;

    public FsyncPolicy Fsync => _files.Fsync;

    /// <summary>Raised after each fsync of the log, with its duration (on the log's writer loop: keep handlers short).</summary>
    public event Action<TimeSpan>? FsyncCompleted;

    /// <summary>Raised after each snapshot, with its duration and when it finished.</summary>
    public event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted;

    /// <summary>fsyncs of the log so far.</summary>
    public long LogFsyncs => _files.LogFsyncs;

    public Task AppendAsync(StorageRecord record) => _files.AppendAsync(record);

    public ValueTask AttachAsync(Board board, ulong incarnation) =>
        board.AttachLogAsync(_changeLog, new LogTag(board.Id, incarnation));

    public ValueTask DisposeAsync() => _files.DisposeAsync();

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Recovered {Boards} boards, {Entries} entries and {Keys} keys in {Elapsed} (snapshot {Snapshot}, {Records} log records replayed)")]
        public static partial void Recovered(ILogger logger, int boards, long entries, int keys, TimeSpan elapsed, string snapshot, long records);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Snapshot {Id}: {Entries} entries, {Bytes} bytes in {Elapsed}")]
        public static partial void SnapshotTaken(ILogger logger, string id, long entries, long bytes, TimeSpan elapsed);
    }
}
