using Leaderboards.Engine;
using Leaderboards.Redis;
using Leaderboards.Service.Clustered.Internal;

namespace Leaderboards.Service.Clustered;

// Batches that span partitions: a pending record in Redis until every partition applied its share.
public sealed partial class ClusterBoard
{
    private string PendingKey => $"{_keyPrefix}{{{_keyName}}}:pending";

    /// <summary>
    /// Applies the remaining shares of batches whose node stopped before finishing them: every pending record older
    /// than <paramref name="olderThan"/> (by its writer's clock) is applied on each partition that has not applied it
    /// yet, then removed. Safe to run on any number of nodes at once. Returns how many batches it finished.
    /// </summary>
    public async ValueTask<int> RecoverPendingAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var reply = await _redis.ExecuteKeyedAsync("HGETALL", [PendingKey], cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reply.Items;
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        int finished = 0;
        for (int i = 0; i + 1 < fields.Count; i += 2)
        {
            string batchId = fields[i].ToString()!;
            var (createdAt, submissions) = BatchCodec.Decode(fields[i + 1].Bytes!.Value.Span);
            if (now - createdAt < olderThan.TotalMilliseconds)
                continue;
            var groups = Group(submissions);
            await ApplySharesAsync(groups, submissions, batchId, cancellationToken).ConfigureAwait(false);
            await DeletePendingAsync(batchId, cancellationToken).ConfigureAwait(false);
            finished++;
        }

        return finished;
    }

    /// <summary>
    /// What a node that stops in the middle of a batch leaves behind: the pending record, and the shares of the first
    /// <paramref name="shares"/> partitions applied. Returns the batch id.
    /// </summary>
    internal async Task<string> BeginBatchAsync(IReadOnlyList<ScoreSubmission> submissions, int shares, CancellationToken cancellationToken = default)
    {
        string batchId = Guid.NewGuid().ToString("N");
        await WritePendingAsync(batchId, submissions, cancellationToken).ConfigureAwait(false);
        foreach (var (partition, indexes) in Group(submissions).Take(shares))
            await ApplyAsync(partition, indexes, submissions, batchId, cancellationToken).ConfigureAwait(false);
        return batchId;
    }

    private async Task WritePendingAsync(string batchId, IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken)
    {
        byte[] record = BatchCodec.Encode(_clock.GetUtcNow().ToUnixTimeMilliseconds(), submissions);
        await _redis.ExecuteKeyedAsync("HSET", [PendingKey, batchId, record], cancellationToken: cancellationToken).ConfigureAwait(false);
        await _writes.EnsureReplicatedAsync(_redis, PendingKey, Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every partition's share of a batch at once. A board deleted meanwhile refuses them (<c>NOBOARD</c>): then its
    /// pending record goes too, since nothing will ever finish it.
    /// </summary>
    private async Task<RedisResult?[]> ApplySharesAsync(
        List<(int Partition, List<int> Indexes)> groups, IReadOnlyList<ScoreSubmission> submissions, string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.WhenAll(groups.Select(g => ApplyAsync(g.Partition, g.Indexes, submissions, batchId, cancellationToken))).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Prefix == "NOBOARD" && batchId.Length > 0)
        {
            await DeletePendingAsync(batchId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeletePendingAsync(string batchId, CancellationToken cancellationToken) =>
        await _redis.ExecuteKeyedAsync("HDEL", [PendingKey, batchId], cancellationToken: cancellationToken).ConfigureAwait(false);
}
