using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Cluster;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis;

/// <summary>Lua scripts: run by digest, loaded where missing.</summary>
public static class ScriptCommands
{
    /// <summary>
    /// Runs <paramref name="script"/> with <c>EVALSHA</c> on the master owning its keys (all keys must share one
    /// slot in a cluster). When that node answers <c>NOSCRIPT</c> (first use, restart, failover), the script is
    /// loaded there with <c>SCRIPT LOAD</c> and run again, so callers never see <c>NOSCRIPT</c>.
    /// </summary>
    /// <exception cref="RedisServerException">The script failed, or its keys span several slots (<c>CROSSSLOT</c>).</exception>
    public static async ValueTask<RedisResult> EvaluateAsync(
        this RedisClient client, LuaScript script, IReadOnlyList<string> keys, IReadOnlyList<RedisValue>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        args ??= [];
        var commandArgs = new RedisValue[2 + keys.Count + args.Count];
        commandArgs[0] = script.Sha1;
        commandArgs[1] = keys.Count;
        for (int i = 0; i < keys.Count; i++)
        {
            commandArgs[2 + i] = keys[i];
        }

        for (int i = 0; i < args.Count; i++)
        {
            commandArgs[2 + keys.Count + i] = args[i];
        }

        var command = new CommandRequest("EVALSHA", commandArgs, keys.Count > 0 ? 2 : -1);
        int slot = keys.Count > 0 ? HashSlot.Compute(keys[0]) : CommandRouter.AnySlot;
        try
        {
            return await client.Router.ExecuteOnSlotAsync(command, Replies.Result, slot, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Prefix == "NOSCRIPT")
        {
            await client.Router.ExecuteOnSlotAsync(CommandRequest.Keyless("SCRIPT", "LOAD", script.Source), Replies.Ignore, slot, cancellationToken).ConfigureAwait(false);
            return await client.Router.ExecuteOnSlotAsync(command, Replies.Result, slot, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a read-only <paramref name="script"/> (one whose first line is <c>#!lua flags=no-writes</c>) with
    /// <c>EVALSHA_RO</c>, routed by <paramref name="flags"/>: with <see cref="CommandFlags.PreferReplica"/> a replica of
    /// the keys' shard may answer. A node that does not have the script yet is sent its text with <c>EVAL_RO</c>, which
    /// also caches it there (scripts are not replicated, so each replica learns it on first use).
    /// </summary>
    /// <exception cref="RedisServerException">The script failed, wrote, or its keys span several slots.</exception>
    public static async ValueTask<RedisResult> EvaluateReadOnlyAsync(
        this RedisClient client, LuaScript script, IReadOnlyList<string> keys, IReadOnlyList<RedisValue>? args = null,
        CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        int slot = HashSlot.Compute(keys[0]);
        try
        {
            return await client.Router.ExecuteOnSlotAsync(ReadOnlyCall("EVALSHA_RO", script.Sha1, keys, args, flags), Replies.Result, slot, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Prefix == "NOSCRIPT")
        {
            return await client.Router.ExecuteOnSlotAsync(ReadOnlyCall("EVAL_RO", script.Source, keys, args, flags), Replies.Result, slot, cancellationToken).ConfigureAwait(false);
        }
    }

    private static CommandRequest ReadOnlyCall(string command, string scriptOrDigest, IReadOnlyList<string> keys, IReadOnlyList<RedisValue>? args, CommandFlags flags)
    {
        args ??= [];
        var commandArgs = new RedisValue[2 + keys.Count + args.Count];
        commandArgs[0] = scriptOrDigest;
        commandArgs[1] = keys.Count;
        for (int i = 0; i < keys.Count; i++)
        {
            commandArgs[2 + i] = keys[i];
        }

        for (int i = 0; i < args.Count; i++)
        {
            commandArgs[2 + keys.Count + i] = args[i];
        }

        return new CommandRequest(command, commandArgs, 2, flags);
    }

    /// <summary><c>SCRIPT LOAD</c> on every master, so that first calls need no fallback.</summary>
    public static async Task LoadAsync(this RedisClient client, LuaScript script, CancellationToken cancellationToken = default)
    {
        foreach (RedisEndpoint master in client.Masters)
        {
            await client.Router.ExecuteOnNodeAsync(master, CommandRequest.Keyless("SCRIPT", "LOAD", script.Source), Replies.Ignore, cancellationToken).ConfigureAwait(false);
        }
    }
}
