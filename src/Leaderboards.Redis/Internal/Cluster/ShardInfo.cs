namespace Leaderboards.Redis.Internal.Cluster;

/// <summary>One shard: the master that owns its slots and the replicas that follow it.</summary>
internal sealed class ShardInfo
{
    private int _nextReplica;

    public ShardInfo(RedisEndpoint master, RedisEndpoint[] replicas)
    {
        Master = master;
        Replicas = replicas;
    }

    public RedisEndpoint Master { get; }

    public RedisEndpoint[] Replicas { get; }

    /// <summary>The replicas in turn, so replica reads spread over them; the master when there are none.</summary>
    public RedisEndpoint NextReplicaOrMaster() =>
        Replicas.Length == 0 ? Master : Replicas[(int)((uint)Interlocked.Increment(ref _nextReplica) % (uint)Replicas.Length)];
}
