using System.Globalization;

namespace Leaderboards.Redis.Internal.Cluster;

/// <summary>
/// Reads the slot map from <c>CLUSTER SHARDS</c> (Redis 7) or <c>CLUSTER SLOTS</c> (older), in RESP2 or RESP3
/// form. Replicas reported failed are left out (a loading one answers LOADING, which is retried); an empty host means the host the map was asked of.
/// </summary>
internal static class TopologyParser
{
    public static ClusterTopology FromShards(RedisResult reply, RedisEndpoint source, bool tls)
    {
        var ranges = new List<(int, int, ShardInfo)>();
        foreach (RedisResult shardReply in reply.Items)
        {
            Dictionary<string, RedisResult> shard = Pairs(shardReply);
            RedisEndpoint? master = null;
            var replicas = new List<RedisEndpoint>();
            foreach (RedisResult nodeReply in shard["nodes"].Items)
            {
                Dictionary<string, RedisResult> node = Pairs(nodeReply);
                string host = Text(node, "endpoint") is { Length: > 0 } endpoint and not "?" ? endpoint : Text(node, "ip") ?? source.Host;
                if (host.Length == 0)
                {
                    host = source.Host;
                }

                string? portText = tls ? Text(node, "tls-port") : Text(node, "port");
                if (portText is null)
                {
                    continue;
                }

                var address = new RedisEndpoint(host, int.Parse(portText, CultureInfo.InvariantCulture));
                if (Text(node, "role") == "master")
                {
                    // A failed master can still be listed beside the replica promoted in its place.
                    if (master is null || Text(node, "health") == "online")
                    {
                        master = address;
                    }
                }
                else if (Text(node, "health") != "failed")
                {
                    replicas.Add(address);
                }
            }

            IReadOnlyList<RedisResult> slots = shard["slots"].Items;
            if (master is null || slots.Count == 0)
            {
                continue;
            }

            var info = new ShardInfo(master, [.. replicas]);
            for (int i = 0; i + 1 < slots.Count; i += 2)
            {
                ranges.Add(((int)slots[i].ToInt64(), (int)slots[i + 1].ToInt64(), info));
            }
        }

        return new ClusterTopology(true, ranges);
    }

    public static ClusterTopology FromSlots(RedisResult reply, RedisEndpoint source)
    {
        var ranges = new List<(int, int, ShardInfo)>();
        var shards = new Dictionary<RedisEndpoint, ShardInfo>();
        foreach (RedisResult range in reply.Items)
        {
            IReadOnlyList<RedisResult> items = range.Items;
            RedisEndpoint master = Node(items[2], source);
            if (!shards.TryGetValue(master, out ShardInfo? info))
            {
                info = new ShardInfo(master, [.. items.Skip(3).Select(r => Node(r, source))]);
                shards[master] = info;
            }

            ranges.Add(((int)items[0].ToInt64(), (int)items[1].ToInt64(), info));
        }

        return new ClusterTopology(true, ranges);
    }

    private static RedisEndpoint Node(RedisResult node, RedisEndpoint source)
    {
        string host = node.Items[0].ToString() is { Length: > 0 } ip and not "?" ? ip : source.Host;
        return new RedisEndpoint(host, (int)node.Items[1].ToInt64());
    }

    /// <summary>Key/value pairs from a RESP3 map or a flat RESP2 array.</summary>
    private static Dictionary<string, RedisResult> Pairs(RedisResult reply)
    {
        var pairs = new Dictionary<string, RedisResult>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < reply.Items.Count; i += 2)
        {
            pairs[reply.Items[i].ToString() ?? string.Empty] = reply.Items[i + 1];
        }

        return pairs;
    }

    private static string? Text(Dictionary<string, RedisResult> pairs, string key) =>
        pairs.TryGetValue(key, out RedisResult? value) && !value.IsNull ? value.ToString() : null;
}
