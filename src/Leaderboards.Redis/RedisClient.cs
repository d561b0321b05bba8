using Leaderboards.Redis.Internal.Cluster;
using Leaderboards.Redis.Internal.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Redis;

/// <summary>
/// A client for a Redis Cluster or a single Redis node, safe to share by every caller in a process (one instance
/// per set of servers). Each node gets one multiplexed connection that all callers pipeline over; commands are
/// routed by their key's hash slot and follow redirects, failovers and reshards on their own. Typed commands are
/// extension methods (<see cref="SortedSetCommands"/>, <see cref="HashCommands"/>, <see cref="StringCommands"/>,
/// <see cref="ScriptCommands"/>, <see cref="ClusterCommands"/>); anything else goes through
/// <see cref="ExecuteAsync(string, RedisValue[])"/> or <see cref="ExecuteKeyedAsync"/>.
/// </summary>
public sealed class RedisClient : IAsyncDisposable
{
    private readonly CommandRouter _router;
    private readonly Lazy<RedisSubscriber> _subscriber;

    private RedisClient(RedisOptions options, ILoggerFactory loggerFactory)
    {
        Options = options;
        _router = new CommandRouter(options, loggerFactory.CreateLogger("Leaderboards.Redis"));
        _subscriber = new Lazy<RedisSubscriber>(() => new RedisSubscriber(_router, options, loggerFactory.CreateLogger("Leaderboards.Redis.PubSub")));
    }

    /// <summary>The options the client was started with (do not change them afterwards).</summary>
    public RedisOptions Options { get; }

    /// <summary>True when the servers are a Redis Cluster, false for a single node.</summary>
    public bool IsCluster => _router.Topology.IsCluster;

    /// <summary>The masters currently owning slots.</summary>
    public IReadOnlyList<RedisEndpoint> Masters => [.. _router.Topology.Shards.Select(s => s.Master)];

    /// <summary>Pub/sub (classic and sharded) on dedicated connections, created on first use.</summary>
    public RedisSubscriber Subscriber => _subscriber.Value;

    /// <summary>
    /// The master that owns <paramref name="key"/>'s slot in the client's current map of the cluster (the only node
    /// of a single server); null while the slot has no known owner.
    /// </summary>
    public RedisEndpoint? MasterOf(string key) => _router.Topology[HashSlot.Compute(key)]?.Master;

    /// <summary>
    /// Connects to the first endpoint that answers and loads the cluster's slot map (<c>CLUSTER SHARDS</c>, else
    /// <c>CLUSTER SLOTS</c>); a server without cluster support is used as a single node.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="RedisAuthenticationException">The server refused the user or password.</exception>
    /// <exception cref="RedisConnectionException">No endpoint could be reached.</exception>
    public static async Task<RedisClient> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new RedisClient(options, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await client._router.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a keyless command (<c>PING</c>, <c>INFO</c>, <c>PUBLISH</c>) on any master.</summary>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    public ValueTask<RedisResult> ExecuteAsync(string command, params RedisValue[] args) =>
        _router.ExecuteAsync(new CommandRequest(command, args), Internal.Replies.Result, CancellationToken.None);

    /// <summary>
    /// Runs a command routed by the key at <paramref name="keyIndex"/> in <paramref name="args"/> (the command's
    /// own arguments, key included).
    /// </summary>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    public ValueTask<RedisResult> ExecuteKeyedAsync(
        string command, RedisValue[] args, int keyIndex = 0, CommandFlags flags = CommandFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(keyIndex, args.Length);
        return _router.ExecuteAsync(new CommandRequest(command, args, keyIndex, flags), Internal.Replies.Result, cancellationToken);
    }

    /// <summary>Runs a command on one node, without redirects or retries (administration, diagnostics).</summary>
    public ValueTask<RedisResult> ExecuteOnNodeAsync(RedisEndpoint node, string command, RedisValue[] args, CancellationToken cancellationToken = default) =>
        _router.ExecuteOnNodeAsync(node, new CommandRequest(command, args), Internal.Replies.Result, cancellationToken);

    /// <summary>
    /// Runs commands atomically in <c>MULTI</c>/<c>EXEC</c> on the master of their one slot, and returns the
    /// <c>EXEC</c> reply: one element per command (an error element for a command that failed while running), or a
    /// null reply when a <c>WATCH</c>ed key changed. Each command is its name followed by its arguments, key first.
    /// </summary>
    /// <exception cref="ArgumentException">The keys span several slots.</exception>
    /// <exception cref="RedisServerException">The transaction was refused (<c>EXECABORT</c>).</exception>
    public ValueTask<RedisResult> TransactionAsync(IReadOnlyList<(string Command, RedisValue[] Args)> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var requests = new CommandRequest[commands.Count];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = new CommandRequest(commands[i].Command, commands[i].Args, commands[i].Args.Length > 0 ? 0 : -1);
        }

        return _router.ExecuteTransactionAsync(requests, cancellationToken);
    }

    /// <summary>Reloads the slot map now (it also reloads on redirects, on connection loss and periodically).</summary>
    public Task RefreshTopologyAsync(CancellationToken cancellationToken = default) => _router.RefreshAsync(cancellationToken);

    /// <summary>Closes every connection; commands still waiting fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_subscriber.IsValueCreated)
        {
            await _subscriber.Value.DisposeAsync().ConfigureAwait(false);
        }

        await _router.DisposeAsync().ConfigureAwait(false);
    }

    internal CommandRouter Router => _router;

    internal ValueTask<T> ExecuteAsync<T>(in CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken) =>
        _router.ExecuteAsync(command, parser, cancellationToken);
}
