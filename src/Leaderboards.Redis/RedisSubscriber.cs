using System.Collections.Concurrent;
using Leaderboards.Redis.Internal;
using Leaderboards.Redis.Internal.Cluster;
using Leaderboards.Redis.Internal.Connections;
using Leaderboards.Redis.Internal.PubSub;
using Leaderboards.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis;

/// <summary>
/// Pub/sub on dedicated connections (a subscribed connection can run nothing else): classic channels
/// (<c>SUBSCRIBE</c>, on one node: the cluster forwards every <c>PUBLISH</c> to all nodes) and sharded channels
/// (<c>SSUBSCRIBE</c>, Redis 7, on the master owning the channel's slot). Subscriptions outlive their connections:
/// after a reconnect, a failover or a reshard each channel is subscribed again where it now belongs. Messages
/// published while a channel was being moved are lost, as with any Redis pub/sub. Handlers run on the
/// connection's read loop, one message at a time: they must be quick and must not block.
/// </summary>
public sealed class RedisSubscriber : IPushHandler, IAsyncDisposable
{
    private readonly CommandRouter _router;
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Channel, bool Sharded), ChannelState> _channels = new();
    private readonly ConcurrentDictionary<RedisEndpoint, NodeConnection> _nodes = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _resubscribing = new(1, 1);
    private int _resubscribeScheduled;

    internal RedisSubscriber(CommandRouter router, RedisOptions options, ILogger logger)
    {
        _router = router;
        _options = options;
        _logger = logger;
        _router.TopologyChanged += ScheduleResubscribe;
    }

    /// <summary>
    /// <c>SUBSCRIBE channel</c>; returns once the server confirmed. Dispose the result to stop receiving
    /// (the channel is unsubscribed when its last handler goes).
    /// </summary>
    /// <exception cref="RedisTimeoutException">No confirmation within the command timeout.</exception>
    public Task<IAsyncDisposable> SubscribeAsync(string channel, Action<RedisChannelMessage> handler, CancellationToken cancellationToken = default) =>
        AddAsync(channel, sharded: false, handler, cancellationToken);

    /// <summary><c>SSUBSCRIBE channel</c> (sharded pub/sub, Redis 7); see <see cref="SubscribeAsync"/>.</summary>
    /// <exception cref="RedisTimeoutException">No confirmation within the command timeout.</exception>
    public Task<IAsyncDisposable> SSubscribeAsync(string channel, Action<RedisChannelMessage> handler, CancellationToken cancellationToken = default) =>
        AddAsync(channel, sharded: true, handler, cancellationToken);

    /// <summary>Closes the subscriber connections; handlers receive nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        _router.TopologyChanged -= ScheduleResubscribe;
        _disposed.Cancel();
        foreach (NodeConnection node in _nodes.Values)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    void IPushHandler.OnPush(RespConnection connection, ref RespReader reader)
    {
        if (reader.ChildCount < 3)
        {
            reader.Skip();
            return;
        }

        reader.Read();
        string kind = reader.ReadString() ?? string.Empty;
        if (kind == "pmessage")
        {
            reader.Read();
        }

        reader.Read();
        string channel = reader.ReadString() ?? string.Empty;
        reader.Read();
        bool sharded = kind is "smessage" or "ssubscribe" or "sunsubscribe";
        if (!_channels.TryGetValue((channel, sharded), out ChannelState? state))
        {
            return;
        }

        switch (kind)
        {
            case "message" or "smessage":
                var message = new RedisChannelMessage(channel, reader.ReadBytes() ?? []);
                foreach (Action<RedisChannelMessage> handler in state.Handlers)
                {
                    try
                    {
                        handler(message);
                    }
                    catch (Exception e)
                    {
                        RedisLog.HandlerFailed(_logger, e, channel);
                    }
                }

                break;
            case "subscribe" or "ssubscribe":
                state.Confirm(connection);
                break;
            case "sunsubscribe" when state.Handlers.Length > 0:
                // Not asked for: the slot moved away from this node (a reshard). Subscribe where it went.
                state.Lost(connection);
                _router.RequestRefresh();
                ScheduleResubscribe();
                break;
        }
    }

    void IPushHandler.OnUnsolicitedError(RespConnection connection, string message)
    {
        // A refused subscribe, typically MOVED for a sharded channel: reload the map and subscribe again.
        RedisLog.ResubscribeFailed(_logger, message);
        foreach (ChannelState state in _channels.Values)
        {
            if (!state.Confirmed.IsCompleted)
            {
                state.Lost(connection);
            }
        }

        _router.RequestRefresh();
        ScheduleResubscribe();
    }

    private async Task<IAsyncDisposable> AddAsync(string channel, bool sharded, Action<RedisChannelMessage> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        ChannelState state = _channels.GetOrAdd((channel, sharded), key => new ChannelState(key.Channel, key.Sharded));
        state.Add(handler);
        var subscription = new Subscription(this, state, handler);
        try
        {
            try
            {
                await ResubscribeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisConnectionException)
            {
                // Some node is unreachable (maybe not this channel's): keep trying in the background meanwhile.
                ScheduleResubscribe();
            }

            await state.Confirmed.WaitAsync(_options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch (TimeoutException e)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw new RedisTimeoutException($"No confirmation of the subscription to '{channel}' within {_options.CommandTimeout.TotalMilliseconds:0} ms.", e);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Remove(ChannelState state, Action<RedisChannelMessage> handler)
    {
        if (!state.Remove(handler) || !_channels.TryRemove(new KeyValuePair<(string, bool), ChannelState>((state.Channel, state.Sharded), state)))
        {
            return;
        }

        if (state.Connection is { IsAlive: true } connection)
        {
            try
            {
                connection.SendWithoutReply(CommandRequest.Keyless(state.Sharded ? "SUNSUBSCRIBE" : "UNSUBSCRIBE", state.Channel));
            }
            catch (RedisConnectionException)
            {
                // The connection broke meanwhile: the subscription went with it.
            }
        }
    }

    /// <summary>Runs a resubscription pass soon, and keeps running passes until every channel is confirmed.</summary>
    private void ScheduleResubscribe()
    {
        if (_disposed.IsCancellationRequested || _channels.IsEmpty || Interlocked.Exchange(ref _resubscribeScheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            TimeSpan delay = _options.ReconnectMinBackoff;
            while (!_disposed.IsCancellationRequested)
            {
                Volatile.Write(ref _resubscribeScheduled, 0);
                try
                {
                    await ResubscribeAsync(_disposed.Token).ConfigureAwait(false);
                    Task confirmations = Task.WhenAll(_channels.Values.Select(c => c.Confirmed));
                    await confirmations.WaitAsync(_options.CommandTimeout, _disposed.Token).ConfigureAwait(false);
                    if (_channels.Values.All(c => c.IsConfirmedOn(c.Connection)))
                    {
                        return;
                    }
                }
                catch (Exception e) when (!_disposed.IsCancellationRequested)
                {
                    RedisLog.ResubscribeFailed(_logger, e.Message);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    await Task.Delay(delay, _disposed.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxBackoff.Ticks));
                if (Interlocked.Exchange(ref _resubscribeScheduled, 1) == 1)
                {
                    return;
                }
            }
        });
    }

    /// <summary>Subscribes each channel on the node it belongs to now, where it is not already.</summary>
    private async Task ResubscribeAsync(CancellationToken cancellationToken)
    {
        await _resubscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Exception? failure = null;
            foreach (IGrouping<RedisEndpoint, ChannelState> group in _channels.Values.GroupBy(HomeOf))
            {
                RespConnection connection;
                try
                {
                    connection = await GetNode(group.Key).GetAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RedisConnectionException e)
                {
                    // Try the other nodes; this one is retried on the next pass, after the map was reloaded.
                    failure = e;
                    _router.RequestRefresh();
                    continue;
                }

                int sent = 0;
                foreach (ChannelState state in group)
                {
                    if (ReferenceEquals(state.Connection, connection) && connection.IsAlive)
                    {
                        continue;
                    }

                    if (state.Connection is { IsAlive: true } previous)
                    {
                        previous.SendWithoutReply(CommandRequest.Keyless(state.Sharded ? "SUNSUBSCRIBE" : "UNSUBSCRIBE", state.Channel));
                    }

                    state.SentOn(connection);
                    connection.SendWithoutReply(CommandRequest.Keyless(state.Sharded ? "SSUBSCRIBE" : "SUBSCRIBE", state.Channel));
                    sent++;
                }

                if (sent > 0)
                {
                    RedisLog.Resubscribed(_logger, sent, group.Key.ToString());
                }
            }

            // Close connections no channel belongs on any more (a failed master, a node that gave its slots away).
            var homes = new HashSet<RedisEndpoint>(_channels.Values.Select(HomeOf));
            foreach (RedisEndpoint endpoint in _nodes.Keys)
            {
                if (!homes.Contains(endpoint) && _nodes.TryRemove(endpoint, out NodeConnection? unused))
                {
                    await unused.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (failure is not null)
            {
                throw failure;
            }
        }
        finally
        {
            _resubscribing.Release();
        }
    }

    /// <summary>The node a channel belongs on: its slot's master when sharded, else the first master.</summary>
    private RedisEndpoint HomeOf(ChannelState state)
    {
        ClusterTopology topology = _router.Topology;
        RedisEndpoint? home = state.Sharded ? topology[HashSlot.Compute(state.Channel)]?.Master : topology.Shards.FirstOrDefault()?.Master;
        return home ?? _options.Endpoints[0];
    }

    private NodeConnection GetNode(RedisEndpoint endpoint) => _nodes.GetOrAdd(endpoint, e =>
    {
        var node = new NodeConnection(e, _options, readOnly: false, this, subscriber: true, _logger);
        node.Broken += _ =>
        {
            _router.RequestRefresh();
            ScheduleResubscribe();
        };
        node.Reconnected += (_, _) => ScheduleResubscribe();
        return node;
    });

    private sealed class Subscription(RedisSubscriber owner, ChannelState state, Action<RedisChannelMessage> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(state, handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
