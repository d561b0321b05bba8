using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Leaderboards.Engine.Partitions;

/// <summary>
/// Recorded changes held in columns, player ids as UTF-8: what recovery decodes a log batch or a snapshot chunk into.
/// <see cref="IPartition.LoadAsync"/> stages these ids as they are, so a loaded change costs no string and no object;
/// read as a list, each element is the <see cref="ScoreChange"/> it stands for, made on demand.
/// Filled once by its decoder through <see cref="Add"/>, then only read.
/// </summary>
public sealed class EncodedChanges : IReadOnlyList<ScoreChange>
{
    private readonly int _start;
    private int _end;
    private ChangeKind[] _kinds;
    private long[]? _sequences;
    private long[] _scores;
    private long[] _subscores;
    private long[] _times;
    private byte[]?[]? _metadata;
    // Entry i's id is _ids[_idEnds[i - 1] .. _idEnds[i]] (from 0 for the first entry ever added).
    private byte[] _ids;
    private int[] _idEnds;

    /// <param name="capacity">How many changes are expected; more grow the columns.</param>
    /// <param name="withSequences">Whether the changes carry sequence numbers (a log's do, a snapshot's do not: 0).</param>
    public EncodedChanges(int capacity, bool withSequences)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        capacity = Math.Max(capacity, 1);
        _kinds = new ChangeKind[capacity];
        _sequences = withSequences ? new long[capacity] : null;
        _scores = new long[capacity];
        _subscores = new long[capacity];
        _times = new long[capacity];
        _idEnds = new int[capacity];
        _ids = new byte[capacity * 16];
    }

    private EncodedChanges(EncodedChanges source, int start)
    {
        _start = start;
        _end = source._end;
        _kinds = source._kinds;
        _sequences = source._sequences;
        _scores = source._scores;
        _subscores = source._subscores;
        _times = source._times;
        _metadata = source._metadata;
        _ids = source._ids;
        _idEnds = source._idEnds;
    }

    public int Count => _end - _start;

    /// <summary>The change at <paramref name="index"/> as a <see cref="ScoreChange"/>: a new object (and id string) per call.</summary>
    public ScoreChange this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new ScoreChange(Sequence(index), Kind(index), Encoding.UTF8.GetString(PlayerId(index)),
                Score(index), Subscore(index), Time(index), Metadata(index));
        }
    }

    public ChangeKind Kind(int index) => _kinds[_start + index];

    public long Sequence(int index) => _sequences is null ? 0 : _sequences[_start + index];

    /// <summary>The player id's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> PlayerId(int index)
    {
        int at = _start + index;
        int from = at == 0 ? 0 : _idEnds[at - 1];
        return _ids.AsSpan(from, _idEnds[at] - from);
    }

    public long Score(int index) => _scores[_start + index];

    public long Subscore(int index) => _subscores[_start + index];

    public long Time(int index) => _times[_start + index];

    public byte[]? Metadata(int index) => _metadata?[_start + index];

    /// <summary>
    /// The changes from <paramref name="start"/> on, sharing these columns (a log batch whose first changes a snapshot
    /// already holds). Nothing may be added to either afterwards.
    /// </summary>
    public EncodedChanges Skip(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Count);
        return start == 0 ? this : new EncodedChanges(this, _start + start);
    }

    /// <summary>Appends a change; <paramref name="playerId"/> is UTF-8 and copied. Removes and clears keep only kind, sequence and id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ChangeKind kind, long sequence, ReadOnlySpan<byte> playerId, long score, long subscore, long time, byte[]? metadata)
    {
        if (_start != 0)
            throw new InvalidOperationException("A view made by Skip takes no more changes.");
        int at = _end;
        if (at == _kinds.Length)
            Grow();
        int from = at == 0 ? 0 : _idEnds[at - 1];
        if (from + playerId.Length > _ids.Length)
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, from + playerId.Length));
        playerId.CopyTo(_ids.AsSpan(from));
        _idEnds[at] = from + playerId.Length;
        _kinds[at] = kind;
        if (_sequences is not null)
            _sequences[at] = sequence;
        _scores[at] = score;
        _subscores[at] = subscore;
        _times[at] = time;
        if (metadata is not null)
        {
            _metadata ??= new byte[]?[_kinds.Length];
            _metadata[at] = metadata;
        }

        _end = at + 1;
    }

    /// <summary>Appends every change of <paramref name="source"/>, in order.</summary>
    public void AddRange(EncodedChanges source)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (int i = 0; i < source.Count; i++)
            Add(source.Kind(i), source.Sequence(i), source.PlayerId(i), source.Score(i), source.Subscore(i), source.Time(i), source.Metadata(i));
    }

    /// <summary>The same changes in columns, ids encoded as UTF-8 (as <see cref="IPartition.LoadAsync"/> would encode them).</summary>
    public static EncodedChanges From(IReadOnlyList<ScoreChange> changes, bool withSequences)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes is EncodedChanges encoded)
            return encoded;
        var result = new EncodedChanges(changes.Count, withSequences);
        Span<byte> id = stackalloc byte[PlayerIds.EncodeBufferBytes];
        foreach (var c in changes)
            result.Add(c.Kind, c.Sequence, id[..Encoding.UTF8.GetBytes(c.PlayerId, id)], c.Score, c.Subscore, c.Time, c.Metadata);
        return result;
    }

    public IEnumerator<ScoreChange> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Grow()
    {
        int capacity = _kinds.Length * 2;
        Array.Resize(ref _kinds, capacity);
        if (_sequences is not null)
            Array.Resize(ref _sequences, capacity);
        Array.Resize(ref _scores, capacity);
        Array.Resize(ref _subscores, capacity);
        Array.Resize(ref _times, capacity);
        Array.Resize(ref _idEnds, capacity);
        if (_metadata is not null)
            Array.Resize(ref _metadata, capacity);
    }
}
