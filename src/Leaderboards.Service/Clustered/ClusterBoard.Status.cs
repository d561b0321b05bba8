using System.Globalization;
using Leaderboards.Redis;

namespace Leaderboards.Service.Clustered;

// Status: sizes from the partitions' masters, replication lag from each master's own INFO.
public sealed partial class ClusterBoard
{
    /// <summary>Each partition's size, master and replica lag, asked of all masters at once.</summary>
    public async ValueTask<IReadOnlyList<ClusterPartitionStatus>> GetShardStatusAsync(CancellationToken cancellationToken = default)
    {
        var statuses = await Task.WhenAll(_partitions.Select((keys, p) => PartitionStatusAsync(p, keys.Members, cancellationToken))).ConfigureAwait(false);
        return statuses;
    }

    private async Task<ClusterPartitionStatus> PartitionStatusAsync(int partition, string key, CancellationToken cancellationToken)
    {
        long entries = (await _redis.ExecuteKeyedAsync("ZCARD", [key], cancellationToken: cancellationToken).ConfigureAwait(false)).ToInt64();
        var master = _redis.MasterOf(key);
        if (master is null)
            return new ClusterPartitionStatus(partition, entries, null, 0, null, null);
        var info = await _redis.InfoAsync(master, "replication", cancellationToken).ConfigureAwait(false);
        long masterOffset = info.TryGetValue("master_repl_offset", out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        int replicas = 0;
        long? lagBytes = null, lagSeconds = null;
        // Each replica is a line "slaveN:ip=...,port=...,state=online,offset=123,lag=0".
        foreach (var (name, value) in info)
        {
            if (!name.StartsWith("slave", StringComparison.Ordinal) || !char.IsAsciiDigit(name[^1]))
                continue;
            replicas++;
            var fields = value.Split(',').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            long offset = fields.TryGetValue("offset", out var o) ? long.Parse(o, CultureInfo.InvariantCulture) : 0;
            long lag = fields.TryGetValue("lag", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : 0;
            lagBytes = Math.Max(lagBytes ?? 0, Math.Max(0, masterOffset - offset));
            lagSeconds = Math.Max(lagSeconds ?? 0, lag);
        }

        return new ClusterPartitionStatus(partition, entries, master, replicas, lagBytes, lagSeconds);
    }
}
