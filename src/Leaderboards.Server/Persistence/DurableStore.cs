using Leaderboards.Engine.Boards;
using Leaderboards.Server.Boards;
using Leaderboards.Server.Hosting;
using Leaderboards.Server.Persistence.Internal;
using Leaderboards.Server.Security;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Persistence;

/// <summary>
/// The data directory's durable state: an append-only log in segments (<c>log/</c>) and snapshots (<c>snapshots/</c>).
/// Every change is appended before it is acknowledged; start-up loads the newest snapshot and replays the log after it.
/// </summary>
public sealed partial class DurableStore : IJournal, IAsyncDisposable
{
    private readonly PersistenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DurableStore> _logger;
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private LogWriter? _writer;
    private BoardRegistry? _boards;
    private ApiKeyStore? _keys;

    public DurableStore(DataDirectory dataDirectory, IOptions<PersistenceOptions> options, TimeProvider time, ILogger<DurableStore> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        LogDirectory = Path.Combine(dataDirectory.Path, "log");
        SnapshotDirectory = Path.Combine(dataDirectory.Path, "snapshots");
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(SnapshotDirectory);
    }

    public string LogDirectory { get; }

    public string SnapshotDirectory { get; }

    public FsyncPolicy Fsync => _options.Fsync;

    /// <summary>Raised after each fsync of the log, with its duration (on the log's writer loop: keep handlers short).</summary>
    public event Action<TimeSpan>? FsyncCompleted;

    /// <summary>Raised after each snapshot, with its duration and when it finished.</summary>
    public event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted;

    /// <summary>fsyncs of the log so far.</summary>
    public long LogFsyncs => _writer?.Fsyncs ?? 0;

    public Task AppendAsync(RecordType type, object payload)
    {
        var writer = _writer ?? throw new LogUnavailableException("The server is still recovering.");
        return writer.AppendAsync(RecordCodec.Frame(type, payload));
    }

    public async ValueTask AttachAsync(Board board, ulong incarnation)
    {
        foreach (var partition in board.Partitions)
            await partition.AddSinkAsync(new LogChangeSink(this, board.Id, incarnation));
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
        _writer = null;
    }

    private IEnumerable<long> SegmentNumbers() =>
        Directory.EnumerateFiles(LogDirectory, "*.lblog")
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), out long n) ? n : -1)
            .Where(n => n >= 0)
            .Order();

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "{Path} ended with {Bytes} bytes of a record cut short by a crash ({Problem}); they were cut off")]
        public static partial void TornTail(ILogger logger, string path, long bytes, string problem);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Recovered {Boards} boards, {Entries} entries and {Keys} keys in {Elapsed} (snapshot {Snapshot}, {Records} log records replayed)")]
        public static partial void Recovered(ILogger logger, int boards, long entries, int keys, TimeSpan elapsed, string snapshot, long records);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Snapshot {Id}: {Entries} entries, {Bytes} bytes in {Elapsed}")]
        public static partial void SnapshotTaken(ILogger logger, string id, long entries, long bytes, TimeSpan elapsed);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Periodic snapshot failed")]
        public static partial void SnapshotFailed(ILogger logger, Exception exception);
    }
}
