namespace Leaderboards.Server.Settings;

/// <summary>The service's settings, bound from the <c>Leaderboards</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Leaderboards";

    /// <summary>Where keys, board definitions and (later) logs and snapshots live. Environment: <c>LEADERBOARDS_DATA_DIR</c>.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>An admin key set at start. Environment: <c>LEADERBOARDS_ADMIN_KEY</c>. When empty, one is generated and kept in the data directory.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Socket reads and writes run on the socket's own I/O thread instead of being queued to the thread pool (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>). Every live update is a socket write and every score a read, so with thousands
    /// of watchers this takes tens of thousands of work items a second off the pool queue that requests, partitions and the
    /// fan-out wait in: live updates and answers under a live load come sooner. But requests then run on the few I/O
    /// threads, which costs REST throughput (on 2 cores, submits and ranks fell by about a third), so it is off by
    /// default. Safe only while no request, hub method or middleware blocks a thread.
    /// </summary>
    public bool InlineSocketScheduling { get; set; }

    /// <summary>
    /// How many of Kestrel's socket I/O queues carry socket reads and writes to the thread pool (Kestrel's
    /// <c>IOQueueCount</c>). 0, the default: each read and write completion is its own thread-pool work item. Kestrel's own
    /// default is one queue per core (up to 16), each worked through in order by one thread at a time; with thousands of
    /// live watchers, a score's request read then waits behind the queue's pending sends (on 2 cores, 5,000 watchers and
    /// 2,000 scores a second, submissions were answered in about 250 ms instead of 15 ms). A positive number restores
    /// queues, as on machines with many cores and no large live audience.
    /// </summary>
    public int SocketIoQueues { get; set; }

    /// <summary>
    /// Where boards, seasons and keys live: <c>embedded</c> (this process and its data directory) or <c>redis</c>
    /// (Redis Cluster, set under <c>Leaderboards:Redis</c>; any number of nodes serve the same boards).
    /// </summary>
    public string Store { get; set; } = EmbeddedStore;

    public const string EmbeddedStore = "embedded";

    public const string RedisStore = "redis";
}
