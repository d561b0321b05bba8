using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// The boards that write through one log (or through none): only they can be written together, and their writes
/// that span partitions queue their shares under one <see cref="Gate"/>.
/// </summary>
internal sealed class LogDomain
{
    private static readonly ConditionalWeakTable<IChangeLog, LogDomain> Domains = [];

    private LogDomain(IChangeLog? log)
    {
        Log = log;
    }

    /// <summary>Boards with no log attached: writes apply directly.</summary>
    public static LogDomain None { get; } = new(null);

    public IChangeLog? Log { get; }

    /// <summary>Held while one write's shares are queued in their partitions' mailboxes; see <see cref="AtomicWrite"/>.</summary>
    public Lock Gate { get; } = new();

    public static LogDomain For(IChangeLog log) => Domains.GetValue(log, static l => new LogDomain(l));
}
