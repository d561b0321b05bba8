using System.Text;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// Works out what submissions do to a partition under a board's update policy and bounds, without changing the
/// state: <see cref="Plan"/> runs before the round is logged, <see cref="Outcome"/> after it is applied. Runs on the
/// owner's loop, the only thread that changes the state, so it reads the index without taking the lock.
/// Submissions are already validated, so nothing here fails.
/// </summary>
internal sealed class ScoreApplier(BoardOptions options, PartitionState state)
{
    private ApplyRound? _single;

    /// <summary>
    /// Plans and applies one submission at once, numbering its change <paramref name="sequence"/>: a partition's work
    /// for one command without the log in between (benchmarks measure it). The caller holds the write lock.
    /// </summary>
    public SubmitOutcome Apply(ScoreSubmission submission, long time, out ScoreChange? change, long sequence)
    {
        var round = _single ??= new ApplyRound();
        round.Reset(sequence - 1);
        var plan = Plan(submission, time, round);
        change = round.ChangeCount > 0 ? round.Changes[0] : null;
        round.ApplyUnlocked(state);
        var outcome = Outcome(plan, round);
        round.Reset(sequence);
        return outcome;
    }

    /// <summary>The player's slot in the applied state, or -1.</summary>
    public int SlotOf(string playerId) => state.SlotOfUnlocked(playerId);

    /// <summary>Plans one submission into <paramref name="round"/>: its change (if any) and what it answers.</summary>
    public PlannedSubmit Plan(ScoreSubmission submission, long time, ApplyRound round)
    {
        Span<byte> buffer = stackalloc byte[PlayerIds.EncodeBufferBytes];
        var id = buffer[..Encoding.UTF8.GetBytes(submission.PlayerId, buffer)];
        var index = state.Index;

        PartitionEntry? old;
        PartitionLookup? previous = null;
        long oldK1 = 0, oldK2 = 0, aheadOfValue = 0;
        int appliedSlot, source;
        if (round.TryGetPending(submission.PlayerId, out var pending))
        {
            // An earlier entry of the same command changed this player: build on what it left, ranked among the applied state.
            (old, appliedSlot, source) = pending;
            if (old is not null)
            {
                oldK1 = state.Normalize(old.Score);
                oldK2 = state.Normalize(old.Subscore);
                previous = new PartitionLookup(old, RankAmongOthers(id, oldK1, oldK2, old.Time, appliedSlot));
                if (options.RankMode == RankMode.Competition)
                    aheadOfValue = AheadOfValueAmongOthers(oldK1, oldK2, appliedSlot);
            }
        }
        else
        {
            source = -1;
            appliedSlot = index.FindSlot(id);
            old = null;
            if (appliedSlot >= 0)
            {
                long oldRank;
                (oldK1, oldRank) = index.Locate(appliedSlot);
                oldK2 = index.K2(appliedSlot);
                old = state.EntryOf(appliedSlot, oldK1);
                previous = new PartitionLookup(old, oldRank);
                if (options.RankMode == RankMode.Competition)
                    aheadOfValue = index.CountLess(SearchKey.Lowest(oldK1, oldK2));
            }
        }

        if (old is null)
        {
            long score = Clamp(submission.Score);
            long subscore = submission.Subscore ?? 0;
            var entry = new PartitionEntry(submission.PlayerId, score, subscore, time, submission.Metadata);
            // No slot hint: the entry is added when the round is applied.
            int added = round.Add(new ScoreChange(round.NextSequence, ChangeKind.Upsert, submission.PlayerId, score, subscore, time, submission.Metadata), -1);
            round.Remember(submission.PlayerId, new ApplyRound.Pending(entry, appliedSlot, added));
            return new PlannedSubmit(entry, previous, aheadOfValue, Improved: true, Changed: true, appliedSlot, added);
        }

        long newScore;
        long newSubscore;
        switch (options.UpdatePolicy)
        {
            case UpdatePolicy.Sum:
                newScore = Clamp(SaturatingAdd(old.Score, submission.Score));
                newSubscore = submission.Subscore ?? old.Subscore;
                break;
            case UpdatePolicy.Best:
                newScore = submission.Score;
                newSubscore = submission.Subscore ?? 0;
                if (!Ahead(state.Normalize(newScore), state.Normalize(newSubscore), oldK1, oldK2))
                    return Unchanged(submission.PlayerId, old, previous, aheadOfValue, appliedSlot, source, round);
                break;
            default:
                newScore = submission.Score;
                newSubscore = submission.Subscore ?? 0;
                break;
        }

        long k1 = state.Normalize(newScore);
        long k2 = state.Normalize(newSubscore);
        bool valueChanged = k1 != oldK1 || k2 != oldK2;
        var metadata = submission.Metadata ?? old.Metadata;
        if (!valueChanged && ReferenceEquals(metadata, old.Metadata))
            return Unchanged(submission.PlayerId, old, previous, aheadOfValue, appliedSlot, source, round);

        // The time is when the entry reached its value: an unchanged value keeps its place among equals.
        long newTime = valueChanged ? time : old.Time;
        var updated = new PartitionEntry(old.PlayerId, newScore, newSubscore, newTime, metadata);
        int change = round.Add(new ScoreChange(round.NextSequence, ChangeKind.Upsert, old.PlayerId, newScore, newSubscore, newTime, metadata), appliedSlot);
        round.Remember(old.PlayerId, new ApplyRound.Pending(updated, appliedSlot, change));
        return new PlannedSubmit(updated, previous, aheadOfValue, Ahead(k1, k2, oldK1, oldK2), Changed: true, appliedSlot, change);
    }

    // A submission that keeps the entry still touches the player: a later work item for them starts a new round, so
    // this one's answer is read against the entry it kept.
    private static PlannedSubmit Unchanged(string playerId, PartitionEntry old, PartitionLookup? previous, long aheadOfValue, int appliedSlot, int source, ApplyRound round)
    {
        round.Remember(playerId, new ApplyRound.Pending(old, appliedSlot, source));
        return new PlannedSubmit(old, previous, aheadOfValue, Improved: false, Changed: false, appliedSlot, source);
    }

    /// <summary>The answer to a planned submission, once its round is applied: its entry ranked in the new state.</summary>
    public SubmitOutcome Outcome(in PlannedSubmit plan, ApplyRound round)
    {
        var index = state.Index;
        var entry = plan.Entry;
        int slot = plan.Source >= 0 ? round.SlotOf(plan.Source) : plan.AppliedSlot;
        long k1 = state.Normalize(entry.Score);
        long k2 = state.Normalize(entry.Subscore);
        var (slotK1, rank) = index.Locate(slot);
        if (slotK1 != k1 || index.K2(slot) != k2 || index.Time(slot) != entry.Time)
        {
            // A later entry of the same command replaced this one: where it would rank among the others.
            Span<byte> buffer = stackalloc byte[PlayerIds.EncodeBufferBytes];
            var id = buffer[..Encoding.UTF8.GetBytes(entry.PlayerId, buffer)];
            rank = RankAmongOthers(id, k1, k2, entry.Time, slot);
        }

        return new SubmitOutcome(entry, rank, plan.Previous, plan.PreviousAheadOfValue, plan.Improved, plan.Changed);
    }

    /// <summary>How many entries other than the one in <paramref name="ownSlot"/> (-1: none) rank ahead of the given key.</summary>
    private long RankAmongOthers(ReadOnlySpan<byte> id, long k1, long k2, long time, int ownSlot)
    {
        var index = state.Index;
        long rank = index.CountLess(new SearchKey(k1, k2, time, id));
        // The own entry ranks ahead of the key exactly when fewer entries precede it than precede the key.
        if (ownSlot >= 0 && index.Locate(ownSlot).Rank < rank)
            rank--;
        return rank;
    }

    /// <summary>How many entries other than the one in <paramref name="ownSlot"/> have a strictly better value.</summary>
    private long AheadOfValueAmongOthers(long k1, long k2, int ownSlot)
    {
        var index = state.Index;
        long ahead = index.CountLess(SearchKey.Lowest(k1, k2));
        if (ownSlot >= 0 && Ahead(index.Locate(ownSlot).K1, index.K2(ownSlot), k1, k2))
            ahead--;
        return ahead;
    }

    private static bool Ahead(long k1, long k2, long otherK1, long otherK2) =>
        k1 < otherK1 || (k1 == otherK1 && k2 < otherK2);

    private long Clamp(long score)
    {
        if (options.MinScore is { } min && score < min)
            return min;
        if (options.MaxScore is { } max && score > max)
            return max;
        return score;
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        // Overflow happened when both operands share a sign that the result lost.
        if (((a ^ sum) & (b ^ sum)) < 0)
            return a < 0 ? long.MinValue : long.MaxValue;
        return sum;
    }
}
