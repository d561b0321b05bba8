using Leaderboards.Redis;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// How the service reaches its Redis Cluster (<c>Leaderboards:Redis</c>): seed nodes, credentials, TLS, the prefix of
/// every key it writes, and how many replicas must hold a write before it is acknowledged.
/// </summary>
public sealed class ClusterStoreOptions
{
    /// <summary>Seed nodes, comma-separated <c>host:port</c>; the rest of the cluster is found from them.</summary>
    public string Endpoints { get; set; } = "127.0.0.1:7000";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Speak TLS to every node.</summary>
    public bool Tls { get; set; }

    /// <summary>A PEM file of the certificate authorities to trust for TLS, beyond the system's.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Put before every key, so several deployments can share one cluster. No braces: hash tags follow it.</summary>
    public string KeyPrefix { get; set; } = "lb:";

    /// <summary>Replicas that must hold a write before it is acknowledged (0: the master's word is enough).</summary>
    public int WaitReplicas { get; set; }

    /// <summary>How long a write waits for those replicas before it is answered as possibly not applied.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one Redis command may take, retries and redirects included, before it is given up.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The seed nodes, parsed.</summary>
    /// <exception cref="ArgumentException">A seed is not <c>host:port</c>, or there is none.</exception>
    public IReadOnlyList<RedisEndpoint> SeedNodes()
    {
        var seeds = Endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (seeds.Length == 0)
            throw new ArgumentException("Leaderboards:Redis:Endpoints names no node (comma-separated host:port).");
        try
        {
            return [.. seeds.Select(RedisEndpoint.Parse)];
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Leaderboards:Redis:Endpoints: {e.Message}", e);
        }
    }

    /// <summary>The write options the boards and the catalog use.</summary>
    public ClusterWriteOptions Writes => new() { WaitReplicas = WaitReplicas, WaitTimeout = WaitTimeout };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        _ = SeedNodes();
        if (KeyPrefix.Contains('{') || KeyPrefix.Contains('}'))
            throw new ArgumentException("Leaderboards:Redis:KeyPrefix must not contain braces: the keys' hash tags follow it.");
        if (WaitReplicas is < 0 or > 5)
            throw new ArgumentException("Leaderboards:Redis:WaitReplicas must be between 0 and 5.");
        if (WaitTimeout <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero)
            throw new ArgumentException("Leaderboards:Redis:WaitTimeout and CommandTimeout must be positive.");
        if (TlsCaFile is { } ca && !File.Exists(ca))
            throw new ArgumentException($"Leaderboards:Redis:TlsCaFile: {ca} does not exist.");
    }
}
