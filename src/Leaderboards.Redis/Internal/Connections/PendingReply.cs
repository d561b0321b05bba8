using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// A command written to a connection and awaiting its reply. It is completed once: by its reply, by the
/// connection breaking, by its timeout or by cancellation, whichever comes first; a late reply is discarded.
/// </summary>
internal abstract class PendingReply
{
    private int _done;

    protected PendingReply(string command, long startTimestamp)
    {
        Command = command;
        StartTimestamp = startTimestamp;
    }

    /// <summary>The command's name, for error messages.</summary>
    public string Command { get; }

    /// <summary>When the command was queued (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long StartTimestamp { get; }

    public bool IsDone => Volatile.Read(ref _done) != 0;

    /// <summary>Completes with the reply at the reader's position (never an error).</summary>
    public abstract void Complete(ref RespReader reader);

    /// <summary>Completes with an exception.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Claims the single completion; false when something else completed it first.</summary>
    protected bool TryClaim() => Interlocked.Exchange(ref _done, 1) == 0;
}
