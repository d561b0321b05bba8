namespace Leaderboards.Storage;

/// <summary>When an acknowledged write reaches the disk.</summary>
public enum FsyncPolicy
{
    /// <summary>Every write is acknowledged after an fsync; concurrent writes share fsyncs (group commit).</summary>
    Always,

    /// <summary>Writes are acknowledged once the operating system has them; an fsync runs every second. Survives a process crash; an OS crash may lose about the last second.</summary>
    EverySec,

    /// <summary>Writes are acknowledged once the operating system has them; the OS decides when they reach the disk.</summary>
    No,
}

/// <summary>Settings under <c>Leaderboards:Persistence</c>.</summary>
public sealed class PersistenceOptions
{
    public FsyncPolicy Fsync { get; set; } = FsyncPolicy.EverySec;

    /// <summary>How often a snapshot is taken; zero turns periodic snapshots off.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many snapshots to keep; log segments older than the oldest kept one are deleted.</summary>
    public int KeepSnapshots { get; set; } = 3;
}
