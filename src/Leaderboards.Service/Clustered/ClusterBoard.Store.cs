using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis;
using Leaderboards.Service.Clustered.Internal;

namespace Leaderboards.Service.Clustered;

// What the service asks of every store's board beyond scores and ranks: imports, score ranges, status, expiry, and
// writes across boards.
public sealed partial class ClusterBoard
{
    private const int ExpireChunk = 1_000;

    public void Validate(ScoreSubmission submission) => BoardRules.Validate(Options, submission);

    /// <summary>Validated as a whole, then applied in batches of <see cref="Board.MaxBatch"/>, each whole.</summary>
    public async ValueTask<int> ImportAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        for (int i = 0; i < submissions.Count; i++)
        {
            try
            {
                BoardRules.Validate(Options, submissions[i]);
            }
            catch (LeaderboardValidationException ex)
            {
                throw ex.Under($"entries[{i}]");
            }
        }

        for (int start = 0; start < submissions.Count; start += Board.MaxBatch)
        {
            var chunk = submissions.Skip(start).Take(Board.MaxBatch).ToArray();
            var groups = Group(chunk);
            string batchId = await BeginAsync(chunk, groups.Count, cancellationToken).ConfigureAwait(false);
            await ApplySharesAsync(groups, chunk, batchId, cancellationToken).ConfigureAwait(false);
            await EndAsync(batchId, cancellationToken).ConfigureAwait(false);
        }

        return submissions.Count;
    }

    public async ValueTask<IReadOnlyList<RankedEntry>> PageAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        (await PageWithTotalAsync(offset, limit, consistency, cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>Entries whose score is within [<paramref name="min"/>, <paramref name="max"/>] (null: unbounded), counted in every partition at once.</summary>
    public async ValueTask<long> CountInRangeAsync(long? min, long? max, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default)
    {
        long low = min ?? long.MinValue, high = max ?? long.MaxValue;
        if (low > high)
            return 0;
        // The range in rank order: from the first order key in it to the first one past it (none: to the end).
        bool descending = Options.Order == SortOrder.Descending;
        long first = descending ? high : low;
        long? past = descending ? (low == long.MinValue ? null : low - 1) : (high == long.MaxValue ? null : high + 1);
        var bounds = new List<RedisValue> { EntryCodec.ExclusiveBound(EntryCodec.OrderKey(first, Options.Order)) };
        if (past is { } end)
            bounds.Add(EntryCodec.ExclusiveBound(EntryCodec.OrderKey(end, Options.Order)));
        var replies = await Task.WhenAll(_partitions.Select(keys =>
            _redis.EvaluateReadOnlyAsync(PartitionScripts.CountBefore, [keys.Members], [.. bounds], Route(consistency), cancellationToken).AsTask())).ConfigureAwait(false);
        long count = 0;
        foreach (var reply in replies)
        {
            long before = reply.Items[1].ToInt64();
            long upTo = past is null ? reply.Items[0].ToInt64() : reply.Items[2].ToInt64();
            count += upTo - before;
        }
        return count;
    }

    /// <summary>Each partition's size, and its shard's replicas with their lag in replication bytes and seconds.</summary>
    public async ValueTask<BoardStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var shards = await GetShardStatusAsync(cancellationToken).ConfigureAwait(false);
        var partitions = shards.Select(s => new Engine.Partitions.PartitionStatus(
            s.Partition, s.Entries, 0,
            [.. Enumerable.Range(0, s.Replicas).Select(r => new Engine.Partitions.ReplicaStatus(
                r, 0, s.ReplicaLagBytes ?? 0, TimeSpan.FromSeconds(s.ReplicaLagSeconds ?? 0)))])).ToArray();
        return new BoardStatus(partitions.Sum(p => p.Entries), partitions);
    }

    /// <summary>Redis Cluster keeps the replicas: the count is the board's setting only.</summary>
    public ValueTask SetReplicaCountAsync(int replicas, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Reads each partition, then removes what expired with one script per chunk that checks each entry's time again.</summary>
    public async ValueTask<long> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        byte[] bound = EntryCodec.Offset(cutoffMs);
        long removed = 0;
        for (int p = 0; p < _partitions.Length; p++)
        {
            var expired = (await ReadPartitionAsync(p, cancellationToken).ConfigureAwait(false))
                .Where(e => e.Time < cutoffMs).Select(e => e.PlayerId).ToList();
            for (int start = 0; start < expired.Count; start += ExpireChunk)
            {
                var args = new List<RedisValue> { bound };
                args.AddRange(expired.Skip(start).Take(ExpireChunk).Select(id => (RedisValue)id));
                removed += (await _redis.EvaluateAsync(PartitionScripts.Expire, _partitions[p].Removal, [.. args], cancellationToken).ConfigureAwait(false)).ToInt64();
            }
            if (expired.Count > 0)
                await WaitForReplicasAsync(p, cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>
    /// One score on each of several boards, all or none: each board first records the whole write as pending (see
    /// <see cref="RecoverPendingAsync"/>), then every partition applies its share, then the records go. A write refused
    /// before any share was applied leaves nothing behind.
    /// </summary>
    public static async ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(
        IReadOnlyList<(ClusterBoard Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        for (int i = 0; i < writes.Count; i++)
        {
            try
            {
                writes[i].Board.Validate(writes[i].Submission);
            }
            catch (LeaderboardValidationException ex)
            {
                throw ex.Under($"writes[{i}]");
            }
        }

        var boards = writes.Select((w, i) => (w.Board, w.Submission, Index: i)).GroupBy(w => w.Board)
            .Select(g => (Board: g.Key, Submissions: g.Select(w => w.Submission).ToArray(), Indexes: g.Select(w => w.Index).ToArray())).ToList();
        var results = new SubmitResult[writes.Count];
        if (boards.Count == 1)
        {
            var single = await boards[0].Board.SubmitValidatedAsync(boards[0].Submissions, cancellationToken).ConfigureAwait(false);
            for (int j = 0; j < single.Length; j++)
                results[boards[0].Indexes[j]] = single[j];
            return results;
        }

        string batchId = Guid.NewGuid().ToString("N");
        try
        {
            await Task.WhenAll(boards.Select(b => b.Board.WritePendingAsync(batchId, b.Submissions, cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            // Nothing was applied yet: take back every record that was written, so the refused write leaves no trace.
            await Task.WhenAll(boards.Select(b => b.Board.DeletePendingAsync(batchId, CancellationToken.None))).ConfigureAwait(false);
            throw;
        }

        var answers = await Task.WhenAll(boards.Select(async b =>
        {
            var groups = b.Board.Group(b.Submissions);
            var replies = await Task.WhenAll(groups.Select(g => b.Board.ApplyAsync(g.Partition, g.Indexes, b.Submissions, batchId, cancellationToken))).ConfigureAwait(false);
            return (b, groups, replies);
        })).ConfigureAwait(false);
        await Task.WhenAll(boards.Select(b => b.Board.DeletePendingAsync(batchId, cancellationToken))).ConfigureAwait(false);
        foreach (var (b, groups, replies) in answers)
        {
            var answered = await b.Board.AnswersAsync(b.Submissions, groups, replies, cancellationToken).ConfigureAwait(false);
            for (int j = 0; j < answered.Length; j++)
                results[b.Indexes[j]] = answered[j];
        }
        return results;
    }

    /// <summary>How long a deleted partition's tombstone stays: far longer than any node takes to follow the delete.</summary>
    private const long TombstoneMilliseconds = 24 * 60 * 60 * 1000;

    /// <summary>
    /// Deletes every key of the board (a board deleted or a season dropped). Each partition gets a tombstone first, so a
    /// node that still holds the board (it has not followed the delete yet) has its writes refused with <c>NOBOARD</c>
    /// instead of writing the keys back; its reads see the board empty.
    /// </summary>
    public async ValueTask DropAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_partitions.Select(p => _redis.ExecuteKeyedAsync(
            "SET", [p.Tombstone, "1", "PX", TombstoneMilliseconds], cancellationToken: cancellationToken).AsTask())).ConfigureAwait(false);
        await _redis.ExecuteKeyedAsync("UNLINK", [PendingKey], cancellationToken: cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_partitions.Select(async p =>
        {
            await _redis.ExecuteKeyedAsync("UNLINK", [p.Members, p.Entries, p.Batches], cancellationToken: cancellationToken).ConfigureAwait(false);
            await _redis.SPublishAsync(p.Channel, Array.Empty<byte>(), cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    /// <summary>Takes the tombstones away again: a restore brings back a board under the incarnation it had.</summary>
    public async ValueTask ReviveAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(_partitions.Select(p => _redis.ExecuteKeyedAsync("DEL", [p.Tombstone], cancellationToken: cancellationToken).AsTask())).ConfigureAwait(false);

    /// <summary>The board holds no connection of its own (the client is shared): nothing to release.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // A batch spanning partitions is recorded as pending first; one that does not needs no record.
    private async Task<string> BeginAsync(IReadOnlyList<ScoreSubmission> submissions, int partitions, CancellationToken cancellationToken)
    {
        if (partitions <= 1)
            return string.Empty;
        string batchId = Guid.NewGuid().ToString("N");
        await WritePendingAsync(batchId, submissions, cancellationToken).ConfigureAwait(false);
        return batchId;
    }

    private async Task EndAsync(string batchId, CancellationToken cancellationToken)
    {
        if (batchId.Length > 0)
            await DeletePendingAsync(batchId, cancellationToken).ConfigureAwait(false);
    }
}
