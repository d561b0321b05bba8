using System.Threading.Tasks.Sources;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// A pending reply that is its own <see cref="IValueTaskSource{TResult}"/>: one object per command, no Task.
/// Continuations run on the thread pool, never on the connection's read loop, so a slow caller cannot stall
/// the replies of every other caller on the connection.
/// </summary>
internal sealed class PendingReply<T> : PendingReply, IValueTaskSource<T>
{
    private readonly ReplyParser<T> _parser;
    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;

    public PendingReply(string command, ReplyParser<T> parser, long startTimestamp)
        : base(command, startTimestamp)
    {
        _parser = parser;
    }

    public ValueTask<T> Task => new(this, _core.Version);

    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingReply<T>)state!).Fail(new OperationCanceledException(token)), this);
        }
    }

    public override void Complete(ref RespReader reader)
    {
        if (!TryClaim())
        {
            return;
        }

        _cancellation.Dispose();
        try
        {
            _core.SetResult(_parser(ref reader));
        }
        catch (Exception e)
        {
            _core.SetException(e);
        }
    }

    public override void Fail(Exception error)
    {
        if (TryClaim())
        {
            _cancellation.Dispose();
            _core.SetException(error);
        }
    }

    T IValueTaskSource<T>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
