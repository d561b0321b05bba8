using System.IO.Pipelines;

namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// A connection's input as the hub reads it, noting when bytes last arrived: any message counts, pings included, so a
/// client that keeps to the keep-alive contract is never taken for a silent one.
/// </summary>
internal sealed class ReceiveTimingReader(PipeReader inner, TimeProvider time) : PipeReader
{
    private long _lastReceived = time.GetTimestamp();

    private int _markedSilent;

    /// <summary>True, once, when nothing has arrived for longer than <paramref name="timeout"/> (since the connection opened at first).</summary>
    public bool TryMarkSilent(TimeSpan timeout) =>
        time.GetElapsedTime(Volatile.Read(ref _lastReceived)) > timeout && Interlocked.Exchange(ref _markedSilent, 1) == 0;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (!read.IsCompletedSuccessfully)
            return AwaitAsync(read);
        // A ValueTask is read once: its result is taken here and handed on in a new one.
        var result = read.Result;
        Note(result);
        return new ValueTask<ReadResult>(result);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
            return false;
        Note(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        Note(result);
        return result;
    }

    // The hub examines everything it is given, so a read returns only when new bytes came (or on cancel or close).
    private void Note(ReadResult result)
    {
        if (!result.IsCanceled && !result.Buffer.IsEmpty)
            Volatile.Write(ref _lastReceived, time.GetTimestamp());
    }
}
