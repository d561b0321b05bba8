using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Redis;
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
public sealed partial class ClusterBoard
{
    private readonly RedisClient _redis;
    private readonly PartitionKeys[] _partitions;
    private readonly string _policy;
    private readonly byte[] _lowest;
    private readonly byte[] _highest;
    private readonly ClusterWriteOptions _writes;

    /// <summary>A board <paramref name="id"/> with <paramref name="options"/>, its keys under <paramref name="keyPrefix"/>.</summary>
    public ClusterBoard(RedisClient redis, string keyPrefix, string id, BoardOptions options, ClusterWriteOptions? writes = null)
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
        Id = id;
        Options = options;
        _partitions = [.. Enumerable.Range(0, options.Partitions).Select(p => PartitionKeys.For(keyPrefix, id, p))];
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
    public async ValueTask<SubmitResult> SubmitAsync(ScoreSubmission submission, CancellationToken cancellationToken = default)
    {
        BoardRules.Validate(Options, submission);
        int partition = BoardRules.PartitionOf(submission.PlayerId, _partitions.Length);
        RedisValue[] args =
        [
            _policy,
            Options.Order == SortOrder.Descending ? "1" : "0",
            submission.PlayerId,
            EntryCodec.Offset(submission.Score),
            submission.Subscore is { } subscore ? EntryCodec.Offset(subscore) : Array.Empty<byte>(),
            submission.Metadata is null ? "0" : "1",
            submission.Metadata ?? [],
            _lowest,
            _highest,
        ];
        var reply = await _redis.EvaluateAsync(PartitionScripts.Submit, _partitions[partition].Both, args, cancellationToken).ConfigureAwait(false);
        var items = reply.Items;
        byte[] key = items[0].Bytes!.Value.ToArray();
        long localRank = items[1].ToInt64();
        long localAhead = items[2].ToInt64();
        bool changed = items[3].ToInt64() == 1;
        bool improved = items[4].ToInt64() == 1;
        byte[]? oldKey = items[5].IsNull ? null : items[5].Bytes!.Value.ToArray();
        if (changed)
            await WaitForReplicasAsync(partition, cancellationToken).ConfigureAwait(false);

        var entry = EntryCodec.FromKey(submission.PlayerId, key, default, Options.Order);
        var bounds = new List<byte[]> { Bound(key, submission.PlayerId) };
        if (oldKey is not null)
            bounds.Add(Bound(oldKey, submission.PlayerId));
        var counts = await CountBeforeElsewhereAsync(partition, bounds, ReadConsistency.Strong, cancellationToken).ConfigureAwait(false);
        long rank = 1 + (Competition ? localAhead : localRank) + counts.Before[0];
        long? previousRank = oldKey is null ? null : 1 + (Competition ? items[7].ToInt64() : items[6].ToInt64()) + counts.Before[1];
        return new SubmitResult(submission.PlayerId, entry.Score, entry.Subscore, rank, previousRank, improved, changed);
    }

    /// <summary>Removes a player; false when they had no entry.</summary>
    public async ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default)
    {
        int partition = BoardRules.PartitionOf(playerId, _partitions.Length);
        var reply = await _redis.EvaluateAsync(PartitionScripts.Remove, _partitions[partition].Both, [playerId], cancellationToken).ConfigureAwait(false);
        if (reply.ToInt64() != 1)
            return false;
        await WaitForReplicasAsync(partition, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes every entry, partition by partition (each partition's removal is atomic).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_partitions.Select(p =>
            _redis.ExecuteKeyedAsync("DEL", [p.Members, p.Entries], cancellationToken: cancellationToken).AsTask())).ConfigureAwait(false);
    }

    // With WaitReplicas, a write is acknowledged only once that many replicas of its partition's master hold it.
    private async ValueTask WaitForReplicasAsync(int partition, CancellationToken cancellationToken)
    {
        if (_writes.WaitReplicas == 0)
            return;
        long acknowledged = await _redis.WaitForReplicasAsync(_partitions[partition].Members, _writes.WaitReplicas, _writes.WaitTimeout, cancellationToken).ConfigureAwait(false);
        if (acknowledged < _writes.WaitReplicas)
            throw new ReplicationShortfallException(Id, acknowledged, _writes.WaitReplicas);
    }

    // The exclusive bound that counts what ranks ahead of an entry: its whole member for ordinal ranks, its value
    // (score and subscore) for competition ranks, where only a strictly better value ranks ahead.
    private byte[] Bound(byte[] key, string playerId)
    {
        if (Competition)
            return EntryCodec.ExclusiveBound(key.AsSpan(0, EntryCodec.ValueBytes));
        return EntryCodec.ExclusiveBound(EntryCodec.Member(key, playerId));
    }
}
