using System.Runtime.CompilerServices;
using System.Text;
using Leaderboards.Engine.Index;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// One copy of a partition's entries (the owner's or a replica's) with the lock that keeps readers from
/// seeing a half-applied change. Scores are stored normalised so that the index always sorts ascending.
/// </summary>
internal sealed class PartitionState : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly OrderedIndex _index;
    private readonly bool _descending;
    private readonly List<(long Sequence, TaskCompletionSource Signal)> _waiters = [];
    private long _appliedSequence;

    public PartitionState(SortOrder order)
    {
        _descending = order == SortOrder.Descending;
        _index = new OrderedIndex(Normalize(0));
    }

    public long AppliedSequence => Volatile.Read(ref _appliedSequence);

    public long AppliedCommitTime { get; private set; }

    internal OrderedIndex Index => _index;

    /// <summary>Maps a score onto the index's ascending order; its own inverse. ~x never overflows.</summary>
    public long Normalize(long value) => _descending ? ~value : value;

    public ReadLock Read()
    {
        EnterRead();
        return new ReadLock(_lock);
    }

    public WriteLock Write()
    {
        _lock.EnterWriteLock();
        return new WriteLock(_lock);
    }

    /// <summary>
    /// Takes the read lock and keeps it until <see cref="ExitRead"/>, for a read of several steps against one state
    /// (see <c>BoardCut</c>); the same thread must exit it, so nothing may await in between.
    /// </summary>
    public void EnterRead()
    {
        // Staged changes are only ever made under the write lock, so a state read-locked without them is complete.
        _lock.EnterReadLock();
        while (_index.IsStaged)
        {
            _lock.ExitReadLock();
            FinishLoad();
            _lock.EnterReadLock();
        }
    }

    public void ExitRead() => _lock.ExitReadLock();

    public long Count()
    {
        // No built tree needed; while a load's staged changes wait to be placed, a player staged twice counts twice.
        _lock.EnterReadLock();
        try
        {
            return _index.Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The entry count; the caller holds a lock.</summary>
    public long CountUnlocked() => _index.Count;

    public PartitionLookup? Get(string playerId)
    {
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        int length = Encoding.UTF8.GetBytes(playerId, id);
        using var _ = Read();
        return Lookup(id[..length]);
    }

    /// <summary>The player's 0-based rank in this partition, or -1: no allocation, no key comparison.</summary>
    public long RankOf(string playerId)
    {
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        int length = Encoding.UTF8.GetBytes(playerId, id);
        using var _ = Read();
        int slot = _index.FindSlot(id[..length]);
        return slot < 0 ? -1 : _index.Locate(slot).Rank;
    }

    /// <summary>The player's slot, or -1; the caller holds a lock or is the owner's loop.</summary>
    public int SlotOfUnlocked(string playerId) => FindSlot(playerId);

    public long CountAhead(in RankKey key)
    {
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        var search = SearchKeyOf(key, id);
        using var _ = Read();
        return _index.CountLess(search);
    }

    public long CountInRange(long? min, long? max)
    {
        using var _ = Read();
        return CountInRangeUnlocked(min, max);
    }

    /// <summary>How many entries have a score in [min, max] (a null bound is open); the caller holds a lock.</summary>
    public long CountInRangeUnlocked(long? min, long? max)
    {
        // In index order the range is [low, high] over the primary key, whichever way the board sorts.
        long low = Normalize(_descending ? max ?? long.MaxValue : min ?? long.MinValue);
        long high = Normalize(_descending ? min ?? long.MinValue : max ?? long.MaxValue);
        if (low > high)
            return 0;
        long below = _index.CountLess(SearchKey.Lowest(low));
        long atOrBelowHigh = high == long.MaxValue ? _index.Count : _index.CountLess(SearchKey.Lowest(high + 1));
        return atOrBelowHigh - below;
    }

    public IReadOnlyList<PartitionEntry> Range(long fromRank, int count)
    {
        using var _ = Read();
        return Collect(fromRank, count);
    }

    public IReadOnlyList<PartitionEntry> RangeAfter(in RankKey after, int count)
    {
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes + 1];
        int length = Encoding.UTF8.GetBytes(after.PlayerId, id);
        // The id with a 0 byte appended is the least key above the given one: what follows it is strictly after.
        id[length] = 0;
        var search = new SearchKey(Normalize(after.Score), Normalize(after.Subscore), after.Time, id[..(length + 1)]);
        using var _ = Read();
        return Collect(_index.CountLess(search), count);
    }

    /// <summary>Applies a change from the owner's stream; the caller holds the write lock.</summary>
    public void ApplyUnlocked(ScoreChange change) => ApplyUnlocked(change, -1);

    /// <summary>
    /// Applies a change; the caller holds the write lock. <paramref name="slotHint"/> is the player's slot when known
    /// (-1 to look it up). Returns the slot the entry is in afterwards, or -1 when it is gone.
    /// </summary>
    public int ApplyUnlocked(ScoreChange change, int slotHint)
    {
        switch (change.Kind)
        {
            case ChangeKind.Upsert:
                return Upsert(change.PlayerId, change.Score, change.Subscore, change.Time, change.Metadata, slotHint);
            case ChangeKind.Remove:
                int slot = slotHint >= 0 ? slotHint : FindSlot(change.PlayerId);
                if (slot >= 0)
                    _index.Remove(slot);
                return -1;
            case ChangeKind.Clear:
                _index.Clear();
                return -1;
            default:
                throw new InvalidOperationException($"Unknown change kind {change.Kind}.");
        }
    }

    /// <summary>
    /// Stages recorded changes for <see cref="FinishLoad"/>: the end state is the one applying them in order gives, since
    /// each change carries the entry's resulting values. The caller holds the write lock.
    /// </summary>
    public void LoadUnlocked(IReadOnlyList<ScoreChange> changes)
    {
        if (changes is EncodedChanges encoded)
        {
            LoadUnlocked(encoded);
            return;
        }

        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Upsert:
                    int length = Encoding.UTF8.GetBytes(change.PlayerId, id);
                    _index.StageUpsert(id[..length], Normalize(change.Score), Normalize(change.Subscore), change.Time, change.Metadata);
                    break;
                case ChangeKind.Remove:
                    _index.StageRemove(id[..Encoding.UTF8.GetBytes(change.PlayerId, id)]);
                    break;
                case ChangeKind.Clear:
                    _index.Clear();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown change kind {change.Kind}.");
            }
        }
    }

    /// <summary>Stages changes whose ids are UTF-8 already: no string is made or encoded per change.</summary>
    // Recovery runs this loop millions of times in a process's first seconds: compiled optimized at once, not tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadUnlocked(EncodedChanges changes)
    {
        for (int i = 0; i < changes.Count; i++)
        {
            switch (changes.Kind(i))
            {
                case ChangeKind.Upsert:
                    _index.StageUpsert(changes.PlayerId(i), Normalize(changes.Score(i)), Normalize(changes.Subscore(i)), changes.Time(i), changes.Metadata(i));
                    break;
                case ChangeKind.Remove:
                    _index.StageRemove(changes.PlayerId(i));
                    break;
                case ChangeKind.Clear:
                    _index.Clear();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown change kind {changes.Kind(i)}.");
            }
        }
    }

    /// <summary>
    /// Stages a copy of <paramref name="owner"/>'s entries straight from its index, in its rank order (so they are placed
    /// and built at once): keys as the owner keeps them, ids as UTF-8, no entry or string made per member. Both states
    /// belong to one partition and order alike; the caller holds this state's write lock and the owner is quiet.
    /// </summary>
    public void StageCopyOfUnlocked(PartitionState owner)
    {
        var source = owner._index;
        for (var leaf = source.First; leaf is not null; leaf = leaf.Next)
        {
            for (int i = 0; i < leaf.Count; i++)
            {
                int slot = leaf.Slots[i];
                _index.StageUpsert(source.Id(slot), leaf.Keys[i], source.K2(slot), source.Time(slot), source.Metadata(slot));
            }
        }
    }

    /// <summary>Builds the index from staged changes, if any; takes the write lock.</summary>
    public void FinishLoad()
    {
        if (!_index.IsStaged)
            return;
        using (Write())
            _index.BuildStaged();
    }

    /// <summary>Builds the index from staged changes, if any; the caller holds the write lock.</summary>
    public void FinishLoadUnlocked() => _index.BuildStaged();

    public void Upsert(string playerId, long score, long subscore, long time, byte[]? metadata) =>
        Upsert(playerId, score, subscore, time, metadata, -1);

    private int Upsert(string playerId, long score, long subscore, long time, byte[]? metadata, int slot)
    {
        if (slot < 0)
        {
            Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
            id = id[..Encoding.UTF8.GetBytes(playerId, id)];
            slot = _index.FindSlot(id);
            if (slot < 0)
                return _index.Add(id, Normalize(score), Normalize(subscore), time, metadata);
        }

        _index.Update(slot, Normalize(score), Normalize(subscore), time);
        _index.SetMetadata(slot, metadata);
        return slot;
    }

    private PartitionLookup? Lookup(ReadOnlySpan<byte> id)
    {
        int slot = _index.FindSlot(id);
        if (slot < 0)
            return null;
        var (k1, rank) = _index.Locate(slot);
        return new PartitionLookup(EntryOf(slot, k1), rank);
    }

    /// <summary>The index key of <paramref name="key"/>, its id encoded into <paramref name="buffer"/>.</summary>
    private SearchKey SearchKeyOf(in RankKey key, Span<byte> buffer) =>
        new(Normalize(key.Score), Normalize(key.Subscore), key.Time, buffer[..Encoding.UTF8.GetBytes(key.PlayerId, buffer)]);

    private int FindSlot(string playerId)
    {
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        return _index.FindSlot(id[..Encoding.UTF8.GetBytes(playerId, id)]);
    }

    /// <summary>Records that changes up to <paramref name="sequence"/> are applied and wakes waiters; outside the write lock.</summary>
    public void MarkApplied(long sequence, long commitTime)
    {
        AppliedCommitTime = commitTime;
        Volatile.Write(ref _appliedSequence, sequence);
        lock (_waiters)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Sequence <= sequence)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes when the state includes <paramref name="sequence"/>.</summary>
    public Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            if (AppliedSequence >= sequence)
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sequence, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public PartitionEntry EntryOf(int slot, long k1) => new(
        Encoding.UTF8.GetString(_index.Id(slot)),
        Normalize(k1),
        Normalize(_index.K2(slot)),
        _index.Time(slot),
        _index.Metadata(slot));

    private PartitionEntry[] Collect(long fromRank, int count)
    {
        long available = _index.Count - fromRank;
        if (available <= 0 || count <= 0)
            return [];
        var result = new PartitionEntry[(int)Math.Min(count, available)];
        var (leaf, pos) = _index.Select(fromRank);
        for (int i = 0; i < result.Length; i++)
        {
            if (pos == leaf.Count)
            {
                leaf = leaf.Next!;
                pos = 0;
            }

            result[i] = EntryOf(leaf.Slots[pos], leaf.Keys[pos]);
            pos++;
        }

        return result;
    }

    public void Dispose() => _lock.Dispose();

    public readonly struct ReadLock(ReaderWriterLockSlim rwLock) : IDisposable
    {
        public void Dispose() => rwLock.ExitReadLock();
    }

    public readonly struct WriteLock(ReaderWriterLockSlim rwLock) : IDisposable
    {
        public void Dispose() => rwLock.ExitWriteLock();
    }
}
