using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Leaderboards.Redis.Internal.Connections;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis.Internal.Cluster;

/// <summary>
/// Sends each command to the node that owns its key's slot and sees it through: follows <c>MOVED</c> (patching
/// the slot map and reloading it) and <c>ASK</c> (<c>ASKING</c> then the command, once, on the target), retries
/// <c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>, <c>LOADING</c> and commands that were never sent with a growing, bounded
/// backoff, all within <see cref="RedisOptions.CommandTimeout"/>. A command that was sent on a connection that
/// then broke is not retried: it may have run.
/// </summary>
internal sealed partial class CommandRouter : IAsyncDisposable
{
    /// <summary>No slot: a keyless command, sent to any master.</summary>
    public const int AnySlot = -1;

    private static readonly CommandRequest[] s_asking = [CommandRequest.Keyless("ASKING")];

    private readonly RedisOptions _options;
    private readonly ILogger _logger;

    public CommandRouter(RedisOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _topology = ClusterTopology.Standalone(options.Endpoints[0]);
        _masterLookup = endpoint => GetNode(endpoint, readOnly: false);
        _refreshTimer = new Timer(static state => ((CommandRouter)state!).RequestRefresh(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Sends a command routed by its key (or to any master when it has none).</summary>
    public ValueTask<T> ExecuteAsync<T>(in CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken) =>
        ExecuteCoreAsync(command, parser, SlotOf(command), null, cancellationToken);

    /// <summary>Sends a command to the master of <paramref name="slot"/>, whatever its arguments.</summary>
    public ValueTask<T> ExecuteOnSlotAsync<T>(CommandRequest command, ReplyParser<T> parser, int slot, CancellationToken cancellationToken) =>
        ExecuteCoreAsync(command, parser, slot, null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in <c>MULTI</c>/<c>EXEC</c> on the master of their one slot; null when the
    /// transaction was aborted (a <c>WATCH</c>ed key changed).
    /// </summary>
    /// <exception cref="ArgumentException">The commands' keys hash to more than one slot.</exception>
    public ValueTask<RedisResult> ExecuteTransactionAsync(IReadOnlyList<CommandRequest> commands, CancellationToken cancellationToken)
    {
        int slot = AnySlot;
        foreach (CommandRequest command in commands)
        {
            int commandSlot = SlotOf(command);
            if (commandSlot != AnySlot && slot != AnySlot && commandSlot != slot)
            {
                throw new ArgumentException("A transaction's keys must all hash to one slot (use a {hash tag}).", nameof(commands));
            }

            slot = commandSlot == AnySlot ? slot : commandSlot;
        }

        CommandRequest[] prefix = [CommandRequest.Keyless("MULTI"), .. commands];
        return ExecuteCoreAsync(CommandRequest.Keyless("EXEC"), Replies.Result, slot, prefix, cancellationToken);
    }

    /// <summary>Sends a command to one given node (a master connection), with no redirects or retries.</summary>
    public async ValueTask<T> ExecuteOnNodeAsync<T>(RedisEndpoint endpoint, CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            RespConnection connection = await GetNode(endpoint, readOnly: false).GetAsync(cancellationToken).ConfigureAwait(false);
            T result = await connection.SendAsync(command, parser, cancellationToken).ConfigureAwait(false);
            RedisMetrics.Completed(start);
            return result;
        }
        catch (Exception e)
        {
            RedisMetrics.Failed(start, e);
            throw;
        }
    }

    private static int SlotOf(in CommandRequest command) =>
        command.KeyIndex >= 0 ? HashSlot.Compute(command.Args[command.KeyIndex]) : AnySlot;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> ExecuteCoreAsync<T>(
        CommandRequest command, ReplyParser<T> parser, int slot, CommandRequest[]? prefix, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        RedisEndpoint? askTarget = null;
        int redirects = 0;
        int retries = 0;
        while (true)
        {
            NodeConnection node = askTarget is not null ? GetNode(askTarget, readOnly: false) : Route(slot, command.Flags);
            try
            {
                RespConnection connection = node.Current ?? await ConnectWithinAsync(node, start, cancellationToken).ConfigureAwait(false);
                T result;
                if (prefix is null && askTarget is null)
                {
                    result = await connection.SendAsync(command, parser, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    CommandRequest[] before = askTarget is null ? prefix! : [.. s_asking, .. prefix ?? []];
                    var discarded = new DiscardedReply(before[0].Name, start);
                    try
                    {
                        result = await connection.SendAfterAsync(before, discarded, command, parser, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RedisServerException e) when (e.Prefix == "EXECABORT" && discarded.FirstError is RedisServerException { Prefix: "MOVED" or "ASK" or "TRYAGAIN" or "CLUSTERDOWN" or "LOADING" } cause)
                    {
                        // The transaction was refused because one of its commands was redirected: handle that instead.
                        throw cause;
                    }
                }

                RedisMetrics.Completed(start);
                return result;
            }
            catch (RedisServerException e) when (e.Prefix is "MOVED" or "ASK" && redirects < _options.MaxRedirects)
            {
                redirects++;
                (int movedSlot, RedisEndpoint target) = ParseRedirect(e.Message, node.Endpoint);
                RedisMetrics.Redirects.Add(1, new KeyValuePair<string, object?>("kind", e.Prefix));
                RedisLog.Redirected(_logger, e.Prefix, command.Name, movedSlot, target.ToString());
                if (e.Prefix == "MOVED")
                {
                    askTarget = null;
                    Topology.Move(movedSlot, target);
                    RequestRefresh();
                }
                else
                {
                    askTarget = target;
                }
            }
            catch (Exception e) when (IsRetryable(e) && RetryDelay(retries, start) is { } delay)
            {
                retries++;
                askTarget = null;
                RedisMetrics.Retries.Add(1, new KeyValuePair<string, object?>("error.type", e is RedisServerException server ? server.Prefix : "connection"));
                RedisLog.Retrying(_logger, command.Name, e.Message, retries);
                if (e is RedisConnectionException or RedisServerException { Prefix: "CLUSTERDOWN" })
                {
                    RequestRefresh();
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                RedisMetrics.Failed(start, e);
                throw;
            }
        }
    }

    /// <summary>Waits for a node's connection, no longer than what is left of the command's time.</summary>
    private async ValueTask<RespConnection> ConnectWithinAsync(NodeConnection node, long start, CancellationToken cancellationToken)
    {
        TimeSpan left = _options.CommandTimeout - Stopwatch.GetElapsedTime(start);
        if (left <= TimeSpan.Zero)
        {
            throw new RedisTimeoutException($"Timed out after {_options.CommandTimeout.TotalMilliseconds:0} ms waiting for a connection to {node.Endpoint}.");
        }

        try
        {
            return await node.GetAsync(cancellationToken).AsTask().WaitAsync(left, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new RedisTimeoutException($"Timed out after {_options.CommandTimeout.TotalMilliseconds:0} ms waiting for a connection to {node.Endpoint}.", e);
        }
    }

    private static bool IsRetryable(Exception e) => e switch
    {
        RedisServerException server => server.Prefix is "TRYAGAIN" or "CLUSTERDOWN" or "LOADING" or "MASTERDOWN",
        RedisAuthenticationException => false,
        RedisConnectionException connection => !connection.CommandSent,
        _ => false,
    };

    /// <summary>The next backoff (doubling from 10 ms up to the configured maximum), or null when it would end past the deadline.</summary>
    private TimeSpan? RetryDelay(int retries, long start)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(Math.Min(10 * Math.Pow(2, retries), _options.RetryMaxBackoff.TotalMilliseconds));
        return Stopwatch.GetElapsedTime(start) + delay < _options.CommandTimeout ? delay : null;
    }

    /// <summary>Parses <c>MOVED 3999 127.0.0.1:6381</c>; an empty host means the node that answered.</summary>
    private static (int Slot, RedisEndpoint Target) ParseRedirect(string message, RedisEndpoint from)
    {
        string[] parts = message.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            throw new RedisServerException(message);
        }

        RedisEndpoint target = RedisEndpoint.Parse(parts[2]);
        if (target.Host.Length == 0)
        {
            target = target with { Host = from.Host };
        }

        return (int.Parse(parts[1], CultureInfo.InvariantCulture), target);
    }
}
