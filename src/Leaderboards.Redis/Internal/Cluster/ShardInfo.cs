using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis.Internal.Cluster;

/// <summary>One shard: the master that owns its slots and the replicas that follow it.</summary>
internal sealed class ShardInfo
{
    private int _nextReplica;
    private NodeConnection? _masterNode;

    public ShardInfo(RedisEndpoint master, RedisEndpoint[] replicas)
    {
        Master = master;
        Replicas = replicas;
    }

    public RedisEndpoint Master { get; }

    public RedisEndpoint[] Replicas { get; }

    /// <summary>
    /// The master's connection, looked up once per map and kept here, so that routing a command costs no
    /// dictionary lookup; <paramref name="lookup"/> finds it the first time (or again after it was retired).
    /// </summary>
    public NodeConnection MasterNode(Func<RedisEndpoint, NodeConnection> lookup)
    {
        NodeConnection? node = Volatile.Read(ref _masterNode);
        if (node is null || node.IsRetired)
        {
            node = lookup(Master);
            Volatile.Write(ref _masterNode, node);
        }

        return node;
    }

    /// <summary>The replicas in turn, so replica reads spread over them; the master when there are none.</summary>
    public RedisEndpoint NextReplicaOrMaster() =>
        Replicas.Length == 0 ? Master : Replicas[(int)((uint)Interlocked.Increment(ref _nextReplica) % (uint)Replicas.Length)];
}
