using System.Collections.Concurrent;
using System.Diagnostics;
using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis.Internal.Cluster;

internal sealed partial class CommandRouter
{
    /// <summary>The shortest time between two reloads, however many redirects and breaks ask for one.</summary>
    private static readonly TimeSpan s_minRefreshInterval = TimeSpan.FromMilliseconds(200);

    private static readonly CommandRequest s_clusterShards = CommandRequest.Keyless("CLUSTER", "SHARDS");
    private static readonly CommandRequest s_clusterSlots = CommandRequest.Keyless("CLUSTER", "SLOTS");

    private readonly ConcurrentDictionary<(RedisEndpoint Endpoint, bool ReadOnly), NodeConnection> _nodes = new();
    private readonly Timer _refreshTimer;
    private readonly Func<RedisEndpoint, NodeConnection> _masterLookup;
    private readonly CancellationTokenSource _disposed = new();
    private volatile ClusterTopology _topology;
    private int _refreshScheduled;
    private long _lastRefreshTimestamp;

    /// <summary>Raised after each reload of the slot map, and when a node connection breaks.</summary>
    public event Action? TopologyChanged;

    public ClusterTopology Topology => _topology;

    /// <summary>Loads the slot map from the seed endpoints; the first that answers wins.</summary>
    /// <exception cref="RedisConnectionException">No seed endpoint answered.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (RedisEndpoint seed in _options.Endpoints)
        {
            try
            {
                await LoadFromAsync(seed, cancellationToken).ConfigureAwait(false);
                _refreshTimer.Change(_options.TopologyRefreshInterval, _options.TopologyRefreshInterval);
                return;
            }
            catch (RedisAuthenticationException)
            {
                throw;
            }
            catch (RedisServerException e) when (e.Prefix is "NOAUTH" or "NOPERM")
            {
                throw new RedisAuthenticationException($"{seed} refused to describe the cluster: {e.Message}", seed, e);
            }
            catch (Exception e) when (e is RedisException)
            {
                last = e;
            }
        }

        throw new RedisConnectionException(
            $"None of the endpoints ({string.Join(", ", _options.Endpoints)}) answered: {last?.Message}", null, false, last);
    }

    /// <summary>Asks for a reload of the slot map soon; calls within the minimum interval share one reload.</summary>
    public void RequestRefresh()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _refreshScheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                TimeSpan since = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRefreshTimestamp));
                if (since < s_minRefreshInterval)
                {
                    await Task.Delay(s_minRefreshInterval - since, _disposed.Token).ConfigureAwait(false);
                }

                Volatile.Write(ref _refreshScheduled, 0);
                await RefreshAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposed while waiting.
            }
            finally
            {
                Volatile.Write(ref _refreshScheduled, 0);
            }
        });
    }

    /// <summary>Reloads the slot map from the known nodes (masters first), then from the seeds.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastRefreshTimestamp, Stopwatch.GetTimestamp());
        IEnumerable<RedisEndpoint> candidates = _topology.AllEndpoints().Concat(_options.Endpoints).Distinct();
        foreach (RedisEndpoint endpoint in candidates)
        {
            try
            {
                await LoadFromAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is RedisException)
            {
                RedisLog.TopologyRefreshFailed(_logger, endpoint.ToString(), e.Message);
            }
        }
    }

    /// <summary>The connection for a slot's master, or for a replica of it when the command allows.</summary>
    public NodeConnection Route(int slot, CommandFlags flags)
    {
        ClusterTopology topology = _topology;
        ShardInfo? shard = slot == AnySlot ? null : topology[slot];
        if (shard is null)
        {
            RedisEndpoint endpoint = topology.AnyMaster() ?? _options.Endpoints[0];
            return GetNode(endpoint, readOnly: false);
        }

        if ((flags & CommandFlags.PreferReplica) != 0 && shard.Replicas.Length > 0)
        {
            return GetNode(shard.NextReplicaOrMaster(), readOnly: true);
        }

        return shard.MasterNode(_masterLookup);
    }

    /// <summary>The shared connection to a node, made on first use.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public NodeConnection GetNode(RedisEndpoint endpoint, bool readOnly)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_nodes.TryGetValue((endpoint, readOnly), out NodeConnection? node))
        {
            return node;
        }

        var created = new NodeConnection(endpoint, _options, readOnly && _topology.IsCluster, null, false, _logger);
        node = _nodes.GetOrAdd((endpoint, readOnly), created);
        if (ReferenceEquals(node, created))
        {
            node.Broken += _ => { RequestRefresh(); TopologyChanged?.Invoke(); };
        }
        else
        {
            _ = created.DisposeAsync();
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        foreach (NodeConnection node in _nodes.Values)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        _nodes.Clear();
    }

    private async Task LoadFromAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        RespConnection connection = await GetNode(endpoint, readOnly: false).GetAsync(cancellationToken).ConfigureAwait(false);
        ClusterTopology topology;
        try
        {
            RedisResult shards = await connection.SendAsync(s_clusterShards, Replies.Result, cancellationToken).ConfigureAwait(false);
            topology = TopologyParser.FromShards(shards, endpoint, _options.Tls is not null);
        }
        catch (RedisServerException e) when (e.Message.Contains("cluster support disabled", StringComparison.OrdinalIgnoreCase))
        {
            topology = ClusterTopology.Standalone(endpoint);
        }
        catch (RedisServerException e) when (e.Message.Contains("unknown", StringComparison.OrdinalIgnoreCase))
        {
            RedisResult slots = await connection.SendAsync(s_clusterSlots, Replies.Result, cancellationToken).ConfigureAwait(false);
            topology = TopologyParser.FromSlots(slots, endpoint);
        }

        if (topology.IsCluster && topology.Shards.Count == 0)
        {
            throw new RedisException($"{endpoint} reported a cluster with no slots assigned.");
        }

        _topology = topology;
        RedisMetrics.TopologyRefreshes.Add(1);
        RedisLog.TopologyLoaded(_logger, endpoint.ToString(), topology.IsCluster ? "cluster" : "single node", topology.Shards.Count, topology.AllEndpoints().Count());
        RetireUnknownNodes(topology);
        TopologyChanged?.Invoke();
    }

    /// <summary>Closes connections to nodes the map no longer names (a failed master, a removed node).</summary>
    private void RetireUnknownNodes(ClusterTopology topology)
    {
        var known = new HashSet<RedisEndpoint>(topology.AllEndpoints().Concat(_options.Endpoints));
        foreach (KeyValuePair<(RedisEndpoint Endpoint, bool ReadOnly), NodeConnection> entry in _nodes)
        {
            if (!known.Contains(entry.Key.Endpoint) && _nodes.TryRemove(entry.Key, out NodeConnection? node))
            {
                _ = node.DisposeAsync();
            }
        }
    }
}
