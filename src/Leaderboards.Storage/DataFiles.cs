using System.Globalization;
using Leaderboards.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Storage;

/// <summary>
/// A data directory's durable files: an append-only log in segments (<c>log/</c>) and snapshots (<c>snapshots/</c>).
/// Start-up reads the newest snapshot and the log after it, then opens the log for appends; what the records mean is
/// the caller's business.
/// </summary>
public sealed partial class DataFiles : IAsyncDisposable
{
    private const string SnapshotExtension = ".lbsnap";
    private readonly PersistenceOptions _options;
    private readonly ILogger _logger;
    private readonly FileOperations _files;
    private LogWriter? _writer;

    public DataFiles(string dataDirectory, PersistenceOptions options, ILogger logger)
        : this(dataDirectory, options, logger, FileOperations.Real)
    {
    }

    internal DataFiles(string dataDirectory, PersistenceOptions options, ILogger logger, FileOperations files)
    {
        _files = files;
        _options = options;
        _logger = logger;
        LogDirectory = Path.Combine(dataDirectory, "log");
        SnapshotDirectory = Path.Combine(dataDirectory, "snapshots");
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(SnapshotDirectory);
    }

    public string LogDirectory { get; }

    public string SnapshotDirectory { get; }

    public FsyncPolicy Fsync => _options.Fsync;

    /// <summary>Raised after each fsync of the log, with its duration (on the log's writer loop: keep handlers short).</summary>
    public event Action<TimeSpan>? FsyncCompleted;

    /// <summary>fsyncs of the log so far.</summary>
    public long LogFsyncs => _writer?.Fsyncs ?? 0;

    /// <summary>True once the log takes appends.</summary>
    public bool IsOpen => _writer is not null;

    /// <summary>Snapshots on disk, newest first.</summary>
    public IReadOnlyList<SnapshotInfo> Snapshots() =>
        [.. Directory.EnumerateFiles(SnapshotDirectory, "*" + SnapshotExtension)
            .Select(path => (path, ok: long.TryParse(Path.GetFileNameWithoutExtension(path), out long n), n))
            .Where(f => f.ok)
            .OrderByDescending(f => f.n)
            .Select(f => new SnapshotInfo(f.n.ToString("D12", CultureInfo.InvariantCulture), f.n,
                File.GetLastWriteTimeUtc(f.path), new FileInfo(f.path).Length, f.path))];

    /// <summary>
    /// Every log record in segments at or after <paramref name="fromSegment"/>, in order. A last record cut short by a
    /// crash (or a newest segment whose header is cut short) is cut off with a warning; any other damage throws
    /// <see cref="PersistenceCorruptException"/>.
    /// </summary>
    public IEnumerable<StorageRecord> ReadLog(long fromSegment)
    {
        var segments = SegmentNumbers().Where(n => n >= fromSegment).ToList();
        for (int i = 0; i < segments.Count; i++)
        {
            string path = LogWriter.SegmentPath(LogDirectory, segments[i]);
            long length = new FileInfo(path).Length;
            bool newest = i == segments.Count - 1;
            if (newest && length < RecordFile.HeaderBytes)
            {
                // A crash while the newest segment was being started: it holds no record.
                Log.TornTail(_logger, path, length, "the segment header is cut short");
                File.Delete(path);
                continue;
            }
            using var reader = new RecordFileReader(path, RecordFile.LogKind, allowTornTail: newest);
            while (reader.TryRead(out var record))
                yield return record;
            if (reader.Result is { TornProblem: { } problem } torn)
            {
                Log.TornTail(_logger, path, torn.TornBytes, problem);
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(torn.ValidLength);
                file.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>Opens the log for appends in a new segment after every existing one (and at or after <paramref name="fromSegment"/>).</summary>
    public void OpenLog(long fromSegment)
    {
        var segments = SegmentNumbers().ToList();
        long next = Math.Max(segments.Count > 0 ? segments[^1] + 1 : 1, fromSegment);
        while (File.Exists(LogWriter.SegmentPath(LogDirectory, next)))
            next++;
        _writer = new LogWriter(LogDirectory, next, _options.Fsync, _logger, elapsed => FsyncCompleted?.Invoke(elapsed), _files);
    }

    /// <summary>Completes once the record is in the log as durably as the fsync policy promises.</summary>
    /// <exception cref="LogUnavailableException">The log is not open, or refuses writes (a full disk, an I/O error).</exception>
    public Task AppendAsync(StorageRecord record)
    {
        var writer = _writer ?? throw new LogUnavailableException("The server is still recovering.");
        return writer.AppendAsync(RecordCodec.Frame(record));
    }

    /// <summary>
    /// Takes a snapshot: rolls the log (everything after the snapshot's sequences is in segments at or after the new
    /// one), lets <paramref name="contents"/> write the records, then makes the file durable under its final name and
    /// keeps the newest <see cref="PersistenceOptions.KeepSnapshots"/>, deleting log segments no kept snapshot needs.
    /// A snapshot that fails leaves no file behind and deletes nothing, so the next one starts afresh.
    /// </summary>
    /// <exception cref="LogUnavailableException">The log is not open, or the snapshot could not be written (a full disk, an I/O error).</exception>
    public async Task<SnapshotInfo> WriteSnapshotAsync(DateTimeOffset now, Func<SnapshotSink, Task> contents, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new LogUnavailableException("The server is still recovering.");
        long replayFrom = await writer.RollAsync();
        cancellationToken.ThrowIfCancellationRequested();
        string path = Path.Combine(SnapshotDirectory, $"{replayFrom:D12}{SnapshotExtension}");
        string temporary = path + ".tmp";
        try
        {
            await WriteSnapshotFileAsync(temporary, replayFrom, now, contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e)
        {
            DeleteAbandoned(temporary);
            if (e is UnauthorizedAccessException or (IOException and not LogUnavailableException))
                throw new LogUnavailableException($"The snapshot could not be written: {e.Message}", e);
            throw;
        }
        try
        {
            if (_options.Fsync != FsyncPolicy.No)
                _files.SyncDirectory(SnapshotDirectory);
        }
        catch (IOException e)
        {
            // Retention would delete what the previous snapshots need while this one may yet vanish in a crash.
            throw new LogUnavailableException(
                $"The snapshot {path} was written but may not survive a crash ({e.Message}); older snapshots and log segments are kept.", e);
        }
        ApplyRetention();
        return Snapshots().First(s => s.Path == path);
    }

    /// <summary>
    /// Takes a snapshot of a store that keeps no log here (cluster mode): numbered after the newest snapshot, written
    /// and made durable like <see cref="WriteSnapshotAsync"/>, keeping the newest <see cref="PersistenceOptions.KeepSnapshots"/>.
    /// </summary>
    /// <exception cref="LogUnavailableException">The snapshot could not be written (a full disk, an I/O error).</exception>
    public async Task<SnapshotInfo> WriteDetachedSnapshotAsync(DateTimeOffset now, Func<SnapshotSink, Task> contents, CancellationToken cancellationToken)
    {
        long number = (Snapshots().FirstOrDefault()?.ReplayFromSegment ?? 0) + 1;
        string path = Path.Combine(SnapshotDirectory, $"{number:D12}{SnapshotExtension}");
        string temporary = path + ".tmp";
        try
        {
            await WriteSnapshotFileAsync(temporary, number, now, contents);
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
            if (_options.Fsync != FsyncPolicy.No)
                _files.SyncDirectory(SnapshotDirectory);
        }
        catch (Exception e)
        {
            DeleteAbandoned(temporary);
            if (e is UnauthorizedAccessException or (IOException and not LogUnavailableException))
                throw new LogUnavailableException($"The snapshot could not be written: {e.Message}", e);
            throw;
        }
        foreach (var old in Snapshots().Skip(Math.Max(1, _options.KeepSnapshots)))
            File.Delete(old.Path);
        return Snapshots().First(s => s.Path == path);
    }

    /// <summary>Reads a snapshot through, checking every record, without applying it.</summary>
    public static void Validate(string path)
    {
        using var reader = new RecordFileReader(path, RecordFile.SnapshotKind, allowTornTail: false);
        bool ended = false;
        while (reader.TryRead(out var record))
            ended = record is SnapshotEnd;
        if (!ended)
            throw new PersistenceCorruptException(path, reader.Result?.ValidLength ?? 0, "the snapshot is incomplete (no end record)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
        _writer = null;
    }

    private async Task WriteSnapshotFileAsync(string temporary, long replayFrom, DateTimeOffset now, Func<SnapshotSink, Task> contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 20 };
        await using var file = _files.Create(temporary, options);
        var sink = new SnapshotSink(file);
        file.Write(RecordFile.Header(RecordFile.SnapshotKind, replayFrom));
        await sink.WriteAsync(new SnapshotBegin(replayFrom, now));
        await contents(sink);
        await sink.WriteAsync(new SnapshotEnd(sink.Records, sink.Entries));
        await sink.FlushAsync();
        file.Flush(flushToDisk: true);
    }

    /// <summary>Deletes what a failed write left; a file that cannot be deleted is named in a warning.</summary>
    private void DeleteAbandoned(string path)
    {
        try
        {
            _files.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(_logger, path, e);
        }
    }

    /// <summary>Keeps the newest snapshots; deletes log segments that no kept snapshot needs.</summary>
    private void ApplyRetention()
    {
        var snapshots = Snapshots();
        foreach (var old in snapshots.Skip(Math.Max(1, _options.KeepSnapshots)))
            File.Delete(old.Path);
        long oldestNeeded = snapshots.Take(Math.Max(1, _options.KeepSnapshots)).Min(s => s.ReplayFromSegment);
        foreach (long segment in SegmentNumbers().Where(n => n < oldestNeeded).ToList())
            File.Delete(LogWriter.SegmentPath(LogDirectory, segment));
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

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "{Path}, left by a snapshot that failed, could not be deleted; it can be deleted by hand")]
        public static partial void CleanupFailed(ILogger logger, string path, Exception exception);
    }
}
