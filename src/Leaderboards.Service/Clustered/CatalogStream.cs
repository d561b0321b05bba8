using Leaderboards.Redis;
using Leaderboards.Storage;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// The catalog of cluster mode: every definition change (boards, seasons, API keys) is a record appended to one Redis
/// stream, <c>{prefix}{catalog}</c>, in the log's own record format. A node reads the stream from the start when it
/// starts and follows it after. A record is appended only if the appender has seen every record before it
/// (compare-and-append), so changes decided on different nodes at once are put in one order, and each is decided
/// against the catalog as it then stands: two nodes creating one board, or rolling one season over, cannot both win.
/// </summary>
public sealed class CatalogStream(RedisClient redis, string keyPrefix, ClusterWriteOptions? writes = null)
{
    /// <summary>The id before the first record.</summary>
    public const string Start = "0-0";

    private static readonly LuaScript s_append = new("""
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local lastId = '0-0'
        if #last > 0 then lastId = last[1][1] end
        if lastId ~= ARGV[1] then return false end
        return redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
        """);

    private readonly ClusterWriteOptions _writes = writes ?? new ClusterWriteOptions();

    /// <summary>The stream's key.</summary>
    public string Key { get; } = $"{keyPrefix}{{catalog}}";

    /// <summary>
    /// Appends <paramref name="record"/> if the last record in the stream is <paramref name="expectedLast"/>
    /// (<see cref="Start"/> for an empty stream). Returns the new record's id, or null when another record came first:
    /// read it, decide again, and retry.
    /// </summary>
    /// <exception cref="ReplicationShortfallException">Fewer replicas than required acknowledged the record.</exception>
    public async ValueTask<string?> TryAppendAsync(StorageRecord record, string expectedLast, CancellationToken cancellationToken = default)
    {
        var reply = await redis.EvaluateAsync(s_append, [Key], [expectedLast, RecordFrames.Encode(record)], cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
            return null;
        await _writes.EnsureReplicatedAsync(redis, Key, "catalog", cancellationToken).ConfigureAwait(false);
        return reply.ToString();
    }

    /// <summary>The id of the last record, or <see cref="Start"/> for an empty stream.</summary>
    public async ValueTask<string> LastIdAsync(CancellationToken cancellationToken = default)
    {
        var reply = await redis.ExecuteKeyedAsync("XREVRANGE", [Key, "+", "-", "COUNT", 1], cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.Items.Count == 0 ? Start : reply.Items[0].Items[0].ToString()!;
    }

    /// <summary>Up to <paramref name="max"/> records after id <paramref name="after"/>, oldest first, with their ids.</summary>
    /// <exception cref="InvalidDataException">A record in the stream is damaged.</exception>
    public async ValueTask<IReadOnlyList<(string Id, StorageRecord Record)>> ReadAfterAsync(string after, int max = 1_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var reply = await redis.ExecuteKeyedAsync("XRANGE", [Key, "(" + after, "+", "COUNT", max], cancellationToken: cancellationToken).ConfigureAwait(false);
        var records = new List<(string, StorageRecord)>(reply.Items.Count);
        foreach (var item in reply.Items)
        {
            var fields = item.Items[1].Items;
            records.Add((item.Items[0].ToString()!, RecordFrames.Decode(fields[1].Bytes!.Value.Span)));
        }

        return records;
    }
}
