using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Stores;
using Leaderboards.Storage;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Embedded;

/// <summary>
/// The embedded store: boards, seasons and keys kept in the data directory's log and snapshots. Every change is appended
/// before it is acknowledged; start-up loads the newest snapshot and replays the log after it.
/// </summary>
public sealed partial class DurableStore : IStore, IAsyncDisposable
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

    public event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted;

    /// <summary>fsyncs of the log so far.</summary>
    public long LogFsyncs => _files.LogFsyncs;

    public Task AppendAsync(StorageRecord record) => _files.AppendAsync(record);

    public ValueTask AttachAsync(IRankedBoard board, ulong incarnation) =>
        EngineOf(board).AttachLogAsync(_changeLog, new LogTag(board.Id, incarnation));

    /// <summary>Only this process writes the data directory: there is nothing to catch up with.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Kind => "embedded";

    /// <summary>A log that refuses writes answers each write with 503 itself; readiness is recovery's.</summary>
    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async ValueTask<IRankedBoard> CreateBoardAsync(string id, ulong incarnation, BoardOptions options, CancellationToken cancellationToken = default) =>
        new EmbeddedBoard(await Board.CreateAsync(id, options, _time, cancellationToken));

    /// <summary>The entries live only in the board (and the log, which the delete record closes): disposing drops them.</summary>
    public ValueTask DropBoardAsync(IRankedBoard board, CancellationToken cancellationToken = default) => board.DisposeAsync();

    public ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(
        IReadOnlyList<(IRankedBoard Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default) =>
        Board.SubmitAcrossAsync([.. writes.Select(w => (EngineOf(w.Board), w.Submission))], cancellationToken);

    /// <summary>The engine board of one of this store's boards.</summary>
    internal static Board EngineOf(IRankedBoard board) => ((EmbeddedBoard)board).Engine;

    public ValueTask DisposeAsync() => _files.DisposeAsync();

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Recovered {Boards} boards, {Entries} entries and {Keys} keys in {Elapsed} (snapshot {Snapshot}, {Records} log records replayed)")]
        public static partial void Recovered(ILogger logger, int boards, long entries, int keys, TimeSpan elapsed, string snapshot, long records);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Snapshot {Id}: {Entries} entries, {Bytes} bytes in {Elapsed}")]
        public static partial void SnapshotTaken(ILogger logger, string id, long entries, long bytes, TimeSpan elapsed);
    }
}
