namespace Leaderboards.Redis;

/// <summary>
/// Where the client connects and how it behaves. One instance configures one <see cref="RedisClient"/>;
/// <see cref="Validate"/> runs when the client starts.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>
    /// Seed nodes: any node of a cluster (the rest are discovered), or the single node of a non-cluster server.
    /// </summary>
    public IList<RedisEndpoint> Endpoints { get; } = new List<RedisEndpoint>();

    /// <summary>ACL user name; null authenticates as <c>default</c> when <see cref="Password"/> is set.</summary>
    public string? User { get; set; }

    /// <summary>Password (<c>requirepass</c> or the ACL user's); null skips authentication.</summary>
    public string? Password { get; set; }

    /// <summary>The name each connection gives itself (<c>CLIENT SETNAME</c>); null leaves it unnamed.</summary>
    public string? ClientName { get; set; } = "leaderboards";

    /// <summary>The protocol to speak; RESP3 falls back to RESP2 on servers without <c>HELLO</c>.</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp3;

    /// <summary>TLS settings; null for plain TCP.</summary>
    public RedisTlsOptions? Tls { get; set; }

    /// <summary>How long one connection attempt (TCP, TLS and handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may take from call to answer, retries and redirects included.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before reconnecting a broken connection; it doubles per failed attempt.</summary>
    public TimeSpan ReconnectMinBackoff { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between retries of <c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>, <c>LOADING</c> and unsent commands.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the cluster's slot map is reloaded when nothing else reloads it.</summary>
    public TimeSpan TopologyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Commands a connection may have awaiting their answers; further callers wait (within their timeout) for a
    /// free place. This bounds the memory a slow or stalled node can make the client hold.
    /// </summary>
    public int MaxOutstandingCommands { get; set; } = 8192;

    /// <summary>How many <c>MOVED</c>/<c>ASK</c> redirects one command follows before failing.</summary>
    public int MaxRedirects { get; set; } = 16;

    /// <summary>Checks the settings; the client calls it on start.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException("RedisOptions.Endpoints needs at least one endpoint.");
        }

        if (Protocol is not (RedisProtocol.Resp2 or RedisProtocol.Resp3))
        {
            throw new ArgumentException("RedisOptions.Protocol must be Resp2 or Resp3.");
        }

        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(CommandTimeout, nameof(CommandTimeout));
        Positive(ReconnectMinBackoff, nameof(ReconnectMinBackoff));
        Positive(ReconnectMaxBackoff, nameof(ReconnectMaxBackoff));
        Positive(RetryMaxBackoff, nameof(RetryMaxBackoff));
        Positive(TopologyRefreshInterval, nameof(TopologyRefreshInterval));
        if (MaxOutstandingCommands < 1 || MaxRedirects < 1)
        {
            throw new ArgumentException("RedisOptions.MaxOutstandingCommands and MaxRedirects must be at least 1.");
        }

        if (ClientName is not null && ClientName.AsSpan().IndexOfAny(" \r\n") >= 0)
        {
            throw new ArgumentException("RedisOptions.ClientName cannot contain spaces or line breaks.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RedisOptions.{name} must be positive.");
        }
    }
}
