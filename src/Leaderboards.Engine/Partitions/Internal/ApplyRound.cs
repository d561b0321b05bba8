namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// The changes one apply round of a partition owner will make, computed against the applied state before any of
/// them is visible. A player belongs to at most one work item of a round (the owner ends the round before a work
/// item that touches a player again), so a work item's plan depends only on the applied state and on its own
/// earlier entries, which this round remembers per player. A clear is always a round of its own.
/// </summary>
internal sealed class ApplyRound
{
    // Clearing a dictionary costs its capacity, not its count. Rounds of a few players use a small map, so that a
    // large batch does not tax every single-score round after it; a round that outgrows it moves to a large map, kept
    // for the next batch while it stays below LargeKeep players (a partition holds no more than that in waiting).
    private const int SmallPlayers = 64;
    private const int LargeKeep = 4096;

    private readonly List<ScoreChange> _changes = [];
    private readonly List<int> _slots = [];
    private readonly List<PlannedSubmit> _plans = [];
    private readonly Dictionary<string, Pending> _small = new(StringComparer.Ordinal);
    private Dictionary<string, Pending>? _large;
    private Dictionary<string, Pending> _players;
    private long _baseSequence;

    public ApplyRound()
    {
        _players = _small;
    }

    /// <summary>The sequence the next planned change gets: numbers are only taken for good once the log accepts the round.</summary>
    public long NextSequence => _baseSequence + _changes.Count + 1;

    public List<ScoreChange> Changes => _changes;

    public int ChangeCount => _changes.Count;

    /// <summary>How many work items the round holds, changing or not.</summary>
    public int WorkCount { get; set; }

    /// <summary>True once a clear is planned: nothing may follow it in the same round.</summary>
    public bool Closed { get; private set; }

    public bool IsEmpty => WorkCount == 0;

    public bool Touches(string playerId) => _players.ContainsKey(playerId);

    /// <summary>What an earlier entry of the same work item left for the player, if any.</summary>
    public bool TryGetPending(string playerId, out Pending pending) => _players.TryGetValue(playerId, out pending);

    /// <summary>Adds a change; <paramref name="slotHint"/> is the player's slot in the applied state, or -1. Returns its index.</summary>
    public int Add(ScoreChange change, int slotHint)
    {
        _changes.Add(change);
        _slots.Add(slotHint);
        return _changes.Count - 1;
    }

    public void Remember(string playerId, Pending pending)
    {
        if (ReferenceEquals(_players, _small) && _small.Count >= SmallPlayers)
            MoveToLarge(0);
        _players[playerId] = pending;
    }

    /// <summary>Makes room for <paramref name="players"/> more players at once, so a batch does not grow the map step by step.</summary>
    public void Reserve(int players)
    {
        if (ReferenceEquals(_players, _small))
        {
            if (_small.Count + players <= SmallPlayers)
                return;
            MoveToLarge(players);
            return;
        }

        _players.EnsureCapacity(_players.Count + players);
    }

    private void MoveToLarge(int more)
    {
        var large = _large ??= new Dictionary<string, Pending>(StringComparer.Ordinal);
        large.EnsureCapacity(_small.Count + more);
        foreach (var (id, entry) in _small)
            large[id] = entry;
        _small.Clear();
        _players = large;
    }

    public int PlanCount => _plans.Count;

    public void AddPlan(in PlannedSubmit plan) => _plans.Add(plan);

    public PlannedSubmit PlanAt(int index) => _plans[index];

    public void Close() => Closed = true;

    /// <summary>Drops the changes from <paramref name="count"/> and the plans from <paramref name="plans"/> on (a work item that failed half-way plans nothing).</summary>
    public void Truncate(int count, int plans)
    {
        _changes.RemoveRange(count, _changes.Count - count);
        _slots.RemoveRange(count, _slots.Count - count);
        _plans.RemoveRange(plans, _plans.Count - plans);
    }

    /// <summary>The slot change <paramref name="change"/> landed in; valid once the round is applied.</summary>
    public int SlotOf(int change) => _slots[change];

    /// <summary>Applies every change in order; the caller holds the write lock.</summary>
    public void ApplyUnlocked(PartitionState state)
    {
        for (int i = 0; i < _changes.Count; i++)
            _slots[i] = state.ApplyUnlocked(_changes[i], _slots[i]);
    }

    /// <summary>Starts an empty round whose changes number after <paramref name="sequence"/>.</summary>
    public void Reset(long sequence)
    {
        _baseSequence = sequence;
        _changes.Clear();
        _slots.Clear();
        _plans.Clear();
        if (ReferenceEquals(_players, _large))
        {
            if (_large.Count > LargeKeep)
                _large = null;
            else
                _large.Clear();
            _players = _small;
        }
        else if (_small.Count > 0)
        {
            _small.Clear();
        }
        WorkCount = 0;
        Closed = false;
    }

    /// <summary>
    /// A player's entry as the round leaves it so far: <see cref="Entry"/> (null when absent), the player's slot in the
    /// applied state (-1 when absent there) and the change that produced the entry (-1 when it is the applied one).
    /// </summary>
    public readonly record struct Pending(PartitionEntry? Entry, int AppliedSlot, int Change);
}
