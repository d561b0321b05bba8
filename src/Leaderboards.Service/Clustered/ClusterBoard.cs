using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Clustered.Internal;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// A board whose partitions are Redis sorted sets on a Redis Cluster: each partition is its own hash-tagged pair of
/// keys, so partitions spread over the masters, and every update of a partition is one atomic script there. The
/// service node keeps nothing: any number of nodes may serve the same board. Ranks are exact for every int64 score
/// and subscore (see <see cref="EntryCodec"/>); ties go to the entry that reached its value first by the partition
/// master's clock, then to the lower player id. A global rank is the rank in the player's partition plus the entries
/// ahead of it in the others, asked of all the others at once.
/// </summary>
public sealed partial class ClusterBoard : IRankedBoard
{
    private readonly RedisClient _redis;
    private readonly PartitionKeys[] _partitions;
    private readonly string _policy;
    private readonly byte[] _lowest;
    private readonly byte[] _highest;
    private readonly ClusterWriteOptions _writes;
    private readonly string _keyPrefix;
    private readonly string _keyName;
    private readonly TimeProvider _clock;

    /// <summary>
    /// A board <paramref name="id"/> with <paramref name="options"/>, its keys under <paramref name="keyPrefix"/> and
    /// named by <paramref name="keyName"/> (the id when null; a store names each incarnation and season apart).
    /// </summary>
    public ClusterBoard(RedisClient redis, string keyPrefix, string id, BoardOptions options, ClusterWriteOptions? writes = null, TimeProvider? clock = null, string? keyName = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (keyPrefix.Contains('{') || keyPrefix.Contains('}'))
            throw new ArgumentException("The key prefix must not contain braces: the keys' hash tags follow it.", nameof(keyPrefix));
        _redis = redis;
        _writes = writes ?? new ClusterWriteOptions();
        _keyPrefix = keyPrefix;
        _clock = clock ?? TimeProvider.System;
        Id = id;
        Options = options;
        _keyName = keyName ?? id;
        _partitions = [.. Enumerable.Range(0, options.Partitions).Select(p => PartitionKeys.For(keyPrefix, _keyName, p))];
        _policy = options.UpdatePolicy switch
        {
            UpdatePolicy.Best => "b",
            UpdatePolicy.Latest => "l",
            _ => "s",
        };
        _lowest = options.MinScore is { } min ? EntryCodec.Offset(min) : [];
        _highest = options.MaxScore is { } max ? EntryCodec.Offset(max) : [];
    }

    public string Id { get; }

    public BoardOptions Options { get; }

    private bool Competition => Options.RankMode == RankMode.Competition;

    /// <summary>Applies one score under the board's policy and answers with the player's new and previous rank.</summary>
    /// <exception cref="LeaderboardValidationException">The submission breaks the board's rules.</exception>
    /// <exception cref="ReplicationShortfallException">Fewer replicas than required acknowledged the write.</exception>
    public async ValueTask<SubmitResult> SubmitAsync(ScoreSubmission submission, CancellationToken cancellationToken = default)
    {
        BoardRules.Validate(Options, submission);
        var results = await SubmitValidatedAsync([submission], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Applies up to <see cref="Board.MaxBatch"/> scores, validated as a whole first (one bad entry refuses all, its
    /// field named <c>entries[i].field</c>). Each partition's share is one atomic script. A batch that spans
    /// partitions is first recorded as pending in Redis, and the record is removed once every partition applied its
    /// share; a node that dies in between leaves the record, and <see cref="RecoverPendingAsync"/> (run by any node)
    /// applies the remaining shares, each partition's at most once. So a batch is applied whole, though readers may
    /// see one partition's share before another's.
    /// </summary>
    public async ValueTask<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        if (submissions.Count == 0)
            throw new LeaderboardValidationException("entries", "entries must not be empty.");
        if (submissions.Count > Board.MaxBatch)
            throw new LeaderboardValidationException("entries", $"a batch holds at most {Board.MaxBatch} entries.");
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

        return await SubmitValidatedAsync(submissions, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmitResult[]> SubmitValidatedAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken)
    {
        var groups = Group(submissions);
        string batchId = await BeginAsync(submissions, groups.Count, cancellationToken).ConfigureAwait(false);
        var replies = await ApplySharesAsync(groups, submissions, batchId, cancellationToken).ConfigureAwait(false);
        await EndAsync(batchId, cancellationToken).ConfigureAwait(false);
        return await AnswersAsync(submissions, groups, replies, cancellationToken).ConfigureAwait(false);
    }

    // Runs the submit script on one partition for the given submissions; null when the named batch was applied there before.
    private async Task<RedisResult?> ApplyAsync(int partition, IReadOnlyList<int> indexes, IReadOnlyList<ScoreSubmission> submissions, string batchId, CancellationToken cancellationToken)
    {
        var args = new RedisValue[5 + indexes.Count * 5];
        args[0] = _policy;
        args[1] = Options.Order == SortOrder.Descending ? "1" : "0";
        args[2] = _lowest;
        args[3] = _highest;
        args[4] = batchId;
        for (int j = 0; j < indexes.Count; j++)
        {
            var submission = submissions[indexes[j]];
            int a = 5 + j * 5;
            args[a] = submission.PlayerId;
            args[a + 1] = EntryCodec.Offset(submission.Score);
            args[a + 2] = submission.Subscore is { } subscore ? EntryCodec.Offset(subscore) : Array.Empty<byte>();
            args[a + 3] = submission.Metadata is null ? "0" : "1";
            args[a + 4] = submission.Metadata ?? [];
        }

        var reply = await _redis.EvaluateAsync(PartitionScripts.Submit, _partitions[partition].All, args, cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
            return null;
        await WaitForReplicasAsync(partition, cancellationToken).ConfigureAwait(false);
        return reply;
    }

    // The answers: each entry's rank in its partition after the writes, plus what ranks ahead of it in the other
    // partitions, asked of every partition at once.
    private async Task<SubmitResult[]> AnswersAsync(IReadOnlyList<ScoreSubmission> submissions, List<(int Partition, List<int> Indexes)> groups, RedisResult?[] replies, CancellationToken cancellationToken)
    {
        var results = new SubmitResult[submissions.Count];
        var bounds = new List<byte[]>();
        var pending = new List<(int Index, int Partition, int Bound, int OldBound, long Local, long? OldLocal, PartitionEntryKey Entry)>();
        for (int g = 0; g < groups.Count; g++)
        {
            var (partition, indexes) = groups[g];
            if (replies[g] is not { } reply)
            {
                // Another node applied this share first (it recovered the batch as abandoned): answer from a read.
                foreach (int i in indexes)
                    results[i] = await ReadAnswerAsync(submissions[i].PlayerId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var items = reply.Items;
            int n = indexes.Count;
            for (int j = 0; j < n; j++)
            {
                string playerId = submissions[indexes[j]].PlayerId;
                byte[] key = items[j * 6].Bytes!.Value.ToArray();
                bool changed = items[j * 6 + 1].ToInt64() == 1;
                bool improved = items[j * 6 + 2].ToInt64() == 1;
                byte[]? oldKey = items[j * 6 + 3].IsNull ? null : items[j * 6 + 3].Bytes!.Value.ToArray();
                long? oldLocal = oldKey is null ? null : items[j * 6 + (Competition ? 5 : 4)].ToInt64();
                long local = items[n * 6 + j * 2 + (Competition ? 1 : 0)].ToInt64();
                bounds.Add(Bound(key, playerId));
                int oldBound = -1;
                if (oldKey is not null)
                {
                    oldBound = bounds.Count;
                    bounds.Add(Bound(oldKey, playerId));
                }

                pending.Add((indexes[j], partition, bounds.Count - (oldKey is null ? 1 : 2), oldBound, local, oldLocal, new PartitionEntryKey(playerId, key, changed, improved)));
            }
        }

        if (pending.Count == 0)
            return results;
        // A partition is asked only for entries of the others: a single score on a one-partition board asks nothing.
        RedisValue[] args = [.. bounds.Select(b => (RedisValue)b)];
        var counts = await Task.WhenAll(_partitions.Select((keys, p) => pending.Exists(e => e.Partition != p)
            ? CountBeforeAsync(keys)
            : Task.FromResult<RedisResult?>(null))).ConfigureAwait(false);
        foreach (var (index, partition, bound, oldBound, local, oldLocal, key) in pending)
        {
            long elsewhere = 0, oldElsewhere = 0;
            for (int p = 0; p < counts.Length; p++)
            {
                if (p == partition)
                    continue;
                elsewhere += counts[p]!.Items[bound + 1].ToInt64();
                if (oldBound >= 0)
                    oldElsewhere += counts[p]!.Items[oldBound + 1].ToInt64();
            }

            var entry = EntryCodec.FromKey(key.PlayerId, key.Key, default, Options.Order);
            long? previousRank = oldLocal is { } old ? 1 + old + oldElsewhere : null;
            results[index] = new SubmitResult(key.PlayerId, entry.Score, entry.Subscore, 1 + local + elsewhere, previousRank, key.Improved, key.Changed);
        }

        return results;

        async Task<RedisResult?> CountBeforeAsync(PartitionKeys keys) =>
            await _redis.EvaluateReadOnlyAsync(PartitionScripts.CountBefore, [keys.Members], args, CommandFlags.None, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmitResult> ReadAnswerAsync(string playerId, CancellationToken cancellationToken)
    {
        var standing = await GetPlayerAsync(playerId, ReadConsistency.Strong, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Player '{playerId}' has no entry after their batch was applied.");
        return new SubmitResult(playerId, standing.Entry.Score, standing.Entry.Subscore, standing.Entry.Rank, null, Improved: false, Changed: true);
    }

    private List<(int Partition, List<int> Indexes)> Group(IReadOnlyList<ScoreSubmission> submissions)
    {
        var groups = new List<(int Partition, List<int> Indexes)>();
        var byPartition = new Dictionary<int, List<int>>();
        for (int i = 0; i < submissions.Count; i++)
        {
            int partition = BoardRules.PartitionOf(submissions[i].PlayerId, _partitions.Length);
            if (!byPartition.TryGetValue(partition, out var indexes))
            {
                indexes = [];
                byPartition.Add(partition, indexes);
                groups.Add((partition, indexes));
            }

            indexes.Add(i);
        }

        return groups;
    }

    /// <summary>Removes a player; false when they had no entry.</summary>
    public async ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default)
    {
        int partition = BoardRules.PartitionOf(playerId, _partitions.Length);
        var reply = await _redis.EvaluateAsync(PartitionScripts.Remove, _partitions[partition].Removal, [playerId], cancellationToken).ConfigureAwait(false);
        if (reply.ToInt64() != 1)
            return false;
        await WaitForReplicasAsync(partition, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes every entry, partition by partition (each partition's removal is atomic), and any batch still pending.</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await _redis.ExecuteKeyedAsync("DEL", [PendingKey], cancellationToken: cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_partitions.Select(async p =>
        {
            await _redis.ExecuteKeyedAsync("DEL", [p.Members, p.Entries, p.Batches], cancellationToken: cancellationToken).ConfigureAwait(false);
            await _redis.SPublishAsync(p.Channel, Array.Empty<byte>(), cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    // With WaitReplicas, a write is acknowledged only once that many replicas of its partition's master hold it.
    private ValueTask WaitForReplicasAsync(int partition, CancellationToken cancellationToken) =>
        _writes.EnsureReplicatedAsync(_redis, _partitions[partition].Members, Id, cancellationToken);

    // The exclusive bound that counts what ranks ahead of an entry: its whole member for ordinal ranks, its value
    // (score and subscore) for competition ranks, where only a strictly better value ranks ahead.
    private byte[] Bound(byte[] key, string playerId)
    {
        if (Competition)
            return EntryCodec.ExclusiveBound(key.AsSpan(0, EntryCodec.ValueBytes));
        return EntryCodec.ExclusiveBound(EntryCodec.Member(key, playerId));
    }
}
