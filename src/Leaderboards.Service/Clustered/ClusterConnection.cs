using Leaderboards.Redis;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Clustered;

/// <summary>Opens the service's connection to its Redis Cluster and checks the cluster is whole before anything uses it.</summary>
public static class ClusterConnection
{
    /// <summary>
    /// Connects through the seed nodes and checks that the nodes form a cluster, that every master reports
    /// <c>cluster_state:ok</c>, and that all 16384 slots have an owner.
    /// </summary>
    /// <exception cref="ClusterUnavailableException">One line saying what is wrong.</exception>
    public static async Task<RedisClient> ConnectAsync(ClusterStoreOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var redis = new RedisOptions
        {
            User = options.User,
            Password = options.Password,
            CommandTimeout = options.CommandTimeout,
            ConnectTimeout = options.CommandTimeout,
        };
        foreach (var seed in options.SeedNodes())
            redis.Endpoints.Add(seed);
        if (options.Tls)
        {
            redis.Tls = new RedisTlsOptions();
            if (options.TlsCaFile is { } ca)
            {
                redis.Tls.TrustedCertificateAuthorities = [];
                redis.Tls.TrustedCertificateAuthorities.ImportFromPemFile(ca);
            }
        }

        RedisClient client;
        try
        {
            client = await RedisClient.ConnectAsync(redis, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or IOException or TimeoutException)
        {
            throw new ClusterUnavailableException($"Redis Cluster at {options.Endpoints} cannot be reached: {e.Message}", e);
        }

        try
        {
            await CheckWholeAsync(client, options, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks that every master answers, reports <c>cluster_state:ok</c> and that all slots have an owner.</summary>
    /// <exception cref="ClusterUnavailableException">One line saying what is wrong.</exception>
    public static async Task CheckWholeAsync(RedisClient client, ClusterStoreOptions options, CancellationToken cancellationToken = default)
    {
        if (!client.IsCluster)
            throw new ClusterUnavailableException($"Redis at {options.Endpoints} is a single server, not a cluster (cluster-enabled no).");
        foreach (var master in client.Masters)
        {
            IReadOnlyDictionary<string, string> info;
            try
            {
                info = await client.ClusterInfoAsync(master, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                throw new ClusterUnavailableException($"Redis Cluster node {master} does not answer: {e.Message}", e);
            }

            if (!info.TryGetValue("cluster_state", out var state) || state != "ok")
                throw new ClusterUnavailableException($"Redis Cluster node {master} reports cluster_state:{state ?? "unknown"}; wait for the cluster to settle, or fix it (redis-cli --cluster check {master}).");
            if (!info.TryGetValue("cluster_slots_assigned", out var slots) || slots != HashSlot.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new ClusterUnavailableException($"Redis Cluster node {master} reports {slots ?? "unknown"} of {HashSlot.Count} slots assigned.");
        }
    }
}
