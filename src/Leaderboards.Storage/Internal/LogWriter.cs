using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Storage.Internal;

/// <summary>
/// Appends framed records to the current log segment from one loop. Appends that arrive while a write or fsync is under
/// way go out together in the next round, so concurrent writers share one write and (under <see cref="FsyncPolicy.Always"/>)
/// one fsync: group commit. A roll that fails (a full disk) removes the segment it started and leaves appends going to
/// the current one, so the next roll can start it again.
/// </summary>
internal sealed partial class LogWriter : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _directory;
    private readonly FsyncPolicy _policy;
    private readonly ILogger _logger;
    private readonly FileOperations _files;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _syncTimer;
    private FileStream _segment;
    private long _goodLength;
    private bool _dirty;
    private bool _damaged;
    private long _fsyncs;
    private string? _abandoned;

    private readonly Action<TimeSpan>? _onFsync;

    public LogWriter(string directory, long segment, FsyncPolicy policy, ILogger logger, Action<TimeSpan>? onFsync = null, FileOperations? files = null)
    {
        _files = files ?? FileOperations.Real;
        _onFsync = onFsync;
        _directory = directory;
        _policy = policy;
        _logger = logger;
        CurrentSegment = segment;
        _segment = OpenSegment(segment);
        _goodLength = _segment.Length;
        _loop = Task.Run(RunAsync);
        _syncTimer = policy == FsyncPolicy.EverySec ? Task.Run(SyncEverySecondAsync) : Task.CompletedTask;
    }

    public long CurrentSegment { get; private set; }

    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    public static string SegmentPath(string directory, long segment) => Path.Combine(directory, $"{segment:D12}.lblog");

    /// <summary>Completes when the frames are in the log as durably as the policy promises.</summary>
    public Task AppendAsync(ReadOnlyMemory<byte> frames)
    {
        var pending = new Pending(frames, PendingKind.Append);
        if (!_queue.Writer.TryWrite(pending))
            throw new LogUnavailableException("The log is closed.");
        return pending.Done.Task;
    }

    /// <summary>Closes the current segment (fsynced) and starts the next; answers the new segment's number.</summary>
    public async Task<long> RollAsync()
    {
        var pending = new Pending(default, PendingKind.Roll);
        if (!_queue.Writer.TryWrite(pending))
            throw new LogUnavailableException("The log is closed.");
        await pending.Done.Task;
        return pending.Result;
    }

    /// <summary>
    /// Creates a segment with its header, durable under its name (its directory is synced unless the policy is
    /// <see cref="FsyncPolicy.No"/>). When that fails, the file is deleted again: a segment left behind would stop
    /// every later roll to the same number.
    /// </summary>
    private FileStream OpenSegment(long segment)
    {
        string path = SegmentPath(_directory, segment);
        if (_abandoned == path)
        {
            // An earlier failed start of this segment could not delete its file; creating it again needs it gone.
            _files.Delete(path);
            _abandoned = null;
        }
        var stream = _files.Create(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        });
        try
        {
            stream.Write(RecordFile.Header(RecordFile.LogKind, segment));
            stream.Flush(flushToDisk: true);
            if (_policy != FsyncPolicy.No)
                _files.SyncDirectory(_directory);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            Abandon(path);
            throw;
        }
    }

    /// <summary>Deletes a segment that could not be started; when even that fails, the next start of it retries.</summary>
    private void Abandon(string path)
    {
        try
        {
            _files.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _abandoned = path;
            Log.CleanupFailed(_logger, path, e);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var round = new List<Pending>();
        var buffer = new MemoryStream();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                if (pending.Kind == PendingKind.Append)
                {
                    round.Add(pending);
                    continue;
                }
                WriteRound(round, buffer);
                if (pending.Kind == PendingKind.Roll)
                    Roll(pending);
                else
                    SyncIfDirty(pending);
            }
            WriteRound(round, buffer);
        }
        WriteRound(round, buffer);
        SyncIfDirty(null);
        _segment.Dispose();
    }

    private void WriteRound(List<Pending> round, MemoryStream buffer)
    {
        if (round.Count == 0)
            return;
        try
        {
            RepairIfDamaged();
            buffer.SetLength(0);
            foreach (var pending in round)
                buffer.Write(pending.Frames.Span);
            _segment.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _dirty = true;
            if (_policy == FsyncPolicy.Always)
                Sync();
            // Only a round stored as the policy promises counts as good: when its write or fsync fails, the repair
            // cuts it off, so a refused round is never replayed (its sequence numbers go to the next round).
            _goodLength += buffer.Length;
            foreach (var pending in round)
                pending.Done.TrySetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _damaged = true;
            Log.WriteFailed(_logger, SegmentPath(_directory, CurrentSegment), e);
            // Cut the torn round off before anyone hears of the refusal, so a refused write has left no trace by the time
            // it is answered (and a caller's next step never races the repair for the disk).
            TryRepair();
            var error = new LogUnavailableException("The log could not store the write: " + e.Message, e);
            foreach (var pending in round)
                pending.Done.TrySetException(error);
        }
        round.Clear();
    }

    /// <summary>Cuts a half-written round off the segment, so a later good record never follows a torn one.</summary>
    private void TryRepair()
    {
        try
        {
            RepairIfDamaged();
        }
        catch (IOException)
        {
            // Retried before the next write; until it works, writes are refused.
        }
    }

    private void RepairIfDamaged()
    {
        if (!_damaged)
            return;
        _segment.SetLength(_goodLength);
        _segment.Position = _goodLength;
        _segment.Flush(flushToDisk: true);
        _damaged = false;
    }

    private void Roll(Pending pending)
    {
        try
        {
            RepairIfDamaged();
            Sync();
            var next = OpenSegment(CurrentSegment + 1);
            _segment.Dispose();
            _segment = next;
            _goodLength = next.Length;
            CurrentSegment++;
            pending.Result = CurrentSegment;
            pending.Done.TrySetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Appends go on in the current segment, which the failure did not touch.
            pending.Done.TrySetException(new LogUnavailableException("The log could not start a new segment: " + e.Message, e));
        }
    }

    private void SyncIfDirty(Pending? pending)
    {
        try
        {
            if (_dirty)
                Sync();
            pending?.Done.TrySetResult();
        }
        catch (IOException e)
        {
            Log.WriteFailed(_logger, SegmentPath(_directory, CurrentSegment), e);
            pending?.Done.TrySetException(e);
        }
    }

    private void Sync()
    {
        long start = Stopwatch.GetTimestamp();
        _segment.Flush(flushToDisk: true);
        _dirty = false;
        Interlocked.Increment(ref _fsyncs);
        _onFsync?.Invoke(Stopwatch.GetElapsedTime(start));
    }

    private async Task SyncEverySecondAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                _queue.Writer.TryWrite(new Pending(default, PendingKind.Sync));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _syncTimer.ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private enum PendingKind
    {
        Append,
        Roll,
        Sync,
    }

    private sealed class Pending(ReadOnlyMemory<byte> frames, PendingKind kind)
    {
        public ReadOnlyMemory<byte> Frames { get; } = frames;

        public PendingKind Kind { get; } = kind;

        public long Result { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Writing the log segment {Path} failed; writes are refused until it works again")]
        public static partial void WriteFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "The log segment {Path} could not be started nor deleted again; the next roll deletes it first")]
        public static partial void CleanupFailed(ILogger logger, string path, Exception exception);
    }
}
