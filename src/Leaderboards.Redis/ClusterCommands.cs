using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>Server and cluster administration, and replication acknowledgement.</summary>
public static class ClusterCommands
{
    /// <summary><c>PING</c> on any master.</summary>
    public static async ValueTask<TimeSpan> PingAsync(this RedisClient client, CancellationToken cancellationToken = default)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        await client.ExecuteAsync(CommandRequest.Keyless("PING"), Replies.Ignore, cancellationToken).ConfigureAwait(false);
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }

    /// <summary>
    /// <c>WAIT numreplicas timeout</c> on the master owning <paramref name="key"/>: blocks until the writes sent
    /// before it on that master's shared connection (the caller's among them) reached <paramref name="replicas"/>
    /// replicas, or the timeout passed; returns how many replicas acknowledged. The node answers nothing else on
    /// that connection meanwhile, so keep the timeout short.
    /// </summary>
    public static ValueTask<long> WaitForReplicasAsync(this RedisClient client, string key, int replicas, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        client.Router.ExecuteOnSlotAsync(
            CommandRequest.Keyless("WAIT", replicas, (long)timeout.TotalMilliseconds), Replies.Integer, HashSlot.Compute(key), cancellationToken);

    /// <summary><c>CLUSTER INFO</c> of one node, as field/value pairs (<c>cluster_state</c>, ...).</summary>
    public static async ValueTask<IReadOnlyDictionary<string, string>> ClusterInfoAsync(this RedisClient client, RedisEndpoint node, CancellationToken cancellationToken = default)
    {
        string? text = await client.Router.ExecuteOnNodeAsync(node, CommandRequest.Keyless("CLUSTER", "INFO"), Replies.String, cancellationToken).ConfigureAwait(false);
        return ParseInfo(text);
    }

    /// <summary><c>INFO [section]</c> of one node, as field/value pairs.</summary>
    public static async ValueTask<IReadOnlyDictionary<string, string>> InfoAsync(this RedisClient client, RedisEndpoint node, string? section = null, CancellationToken cancellationToken = default)
    {
        CommandRequest command = section is null ? CommandRequest.Keyless("INFO") : CommandRequest.Keyless("INFO", section);
        string? text = await client.Router.ExecuteOnNodeAsync(node, command, Replies.String, cancellationToken).ConfigureAwait(false);
        return ParseInfo(text);
    }

    /// <summary><c>CLUSTER KEYSLOT key</c> as the server computes it.</summary>
    public static ValueTask<long> ClusterKeySlotAsync(this RedisClient client, string key, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(CommandRequest.Keyless("CLUSTER", "KEYSLOT", key), Replies.Integer, cancellationToken);

    /// <summary><c>FLUSHALL</c> on every master.</summary>
    public static async Task FlushAllAsync(this RedisClient client, CancellationToken cancellationToken = default)
    {
        foreach (RedisEndpoint master in client.Masters)
        {
            await client.Router.ExecuteOnNodeAsync(master, CommandRequest.Keyless("FLUSHALL"), Replies.Ignore, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> ParseInfo(string? text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#'))
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }
}
