using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// Stands in the reply queue for a command whose reply is not wanted (<c>ASKING</c> before a redirected
/// command, <c>MULTI</c> and each <c>QUEUED</c>), remembering the first error among them.
/// </summary>
internal sealed class DiscardedReply : PendingReply
{
    private Exception? _firstError;

    public DiscardedReply(string command, long startTimestamp)
        : base(command, startTimestamp)
    {
    }

    public Exception? FirstError => Volatile.Read(ref _firstError);

    public override void Complete(ref RespReader reader)
    {
    }

    public override void Fail(Exception error) => Interlocked.CompareExchange(ref _firstError, error, null);
}
