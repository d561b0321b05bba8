namespace Leaderboards.Redis.Internal.Cluster;

/// <summary>
/// Which shard owns each of the 16384 slots. A whole map is replaced on each reload; between reloads a
/// <c>MOVED</c> reply patches single slots in place (a reference write per slot, safe to race with readers).
/// A non-cluster server is a map whose every slot is owned by its one node.
/// </summary>
internal sealed class ClusterTopology
{
    private readonly ShardInfo?[] _slots;
    private int _nextShard;

    public ClusterTopology(bool isCluster, IReadOnlyList<(int Start, int End, ShardInfo Shard)> ranges)
    {
        IsCluster = isCluster;
        _slots = new ShardInfo?[HashSlot.Count];
        var shards = new List<ShardInfo>();
        foreach ((int start, int end, ShardInfo shard) in ranges)
        {
            if (!shards.Contains(shard))
            {
                shards.Add(shard);
            }

            for (int slot = Math.Max(0, start); slot <= Math.Min(end, HashSlot.Count - 1); slot++)
            {
                _slots[slot] = shard;
            }
        }

        Shards = shards;
    }

    public bool IsCluster { get; }

    public IReadOnlyList<ShardInfo> Shards { get; }

    public static ClusterTopology Standalone(RedisEndpoint endpoint) =>
        new(false, [(0, HashSlot.Count - 1, new ShardInfo(endpoint, []))]);

    /// <summary>The shard owning <paramref name="slot"/>, or null when no node serves it.</summary>
    public ShardInfo? this[int slot] => Volatile.Read(ref _slots[slot]);

    /// <summary>A master for keyless commands, taken in turn.</summary>
    public RedisEndpoint? AnyMaster() =>
        Shards.Count == 0 ? null : Shards[(int)((uint)Interlocked.Increment(ref _nextShard) % (uint)Shards.Count)].Master;

    /// <summary>Every node known: masters first, then replicas.</summary>
    public IEnumerable<RedisEndpoint> AllEndpoints() =>
        Shards.Select(s => s.Master).Concat(Shards.SelectMany(s => s.Replicas)).Distinct();

    /// <summary>Records that <paramref name="slot"/> moved to <paramref name="master"/> (a <c>MOVED</c> reply).</summary>
    public void Move(int slot, RedisEndpoint master)
    {
        ShardInfo? shard = Shards.FirstOrDefault(s => s.Master == master);
        Volatile.Write(ref _slots[slot], shard ?? new ShardInfo(master, []));
    }
}
