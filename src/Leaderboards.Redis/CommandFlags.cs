namespace Leaderboards.Redis;

/// <summary>How one command is routed.</summary>
[Flags]
public enum CommandFlags
{
    /// <summary>To the master that owns the key's slot.</summary>
    None = 0,

    /// <summary>
    /// A read that may be served by a replica of the key's shard (connections to replicas send <c>READONLY</c>);
    /// the answer may lag the master. Falls back to the master when the shard has no replica.
    /// </summary>
    PreferReplica = 1,
}
