using System.Text;
using Leaderboards.Engine.Index.Internal;

namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// Applies submissions to a partition's state under a board's update policy and bounds. Runs on the
/// owner's apply loop with the write lock held; submissions are already validated, so nothing here fails.
/// </summary>
internal sealed class ScoreApplier(BoardOptions options, PartitionState state)
{
    public SubmitOutcome Apply(ScoreSubmission submission, long time, out ScoreChange? change, long sequence)
    {
        Span<byte> buffer = stackalloc byte[PlayerIds.EncodeBufferBytes];
        var id = buffer[..Encoding.UTF8.GetBytes(submission.PlayerId, buffer)];
        var index = state.Index;
        int slot = index.FindSlot(id);

        if (slot < 0)
        {
            long score = Clamp(submission.Score);
            long subscore = submission.Subscore ?? 0;
            slot = index.Add(id, state.Normalize(score), state.Normalize(subscore), time, submission.Metadata);
            var entry = new PartitionEntry(submission.PlayerId, score, subscore, time, submission.Metadata);
            change = new ScoreChange(sequence, ChangeKind.Upsert, submission.PlayerId, score, subscore, time, submission.Metadata);
            return new SubmitOutcome(entry, index.Locate(slot).Rank, null, 0, Improved: true, Changed: true);
        }

        var (oldK1, oldRank) = index.Locate(slot);
        long oldK2 = index.K2(slot);
        var previous = new PartitionLookup(state.EntryOf(slot, oldK1), oldRank);
        var old = previous.Entry;
        long aheadOfValue = options.RankMode == RankMode.Competition ? index.CountLess(SearchKey.Lowest(oldK1, oldK2)) : 0;

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
                {
                    change = null;
                    return new SubmitOutcome(old, oldRank, previous, aheadOfValue, Improved: false, Changed: false);
                }

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
        bool metadataChanged = !ReferenceEquals(metadata, old.Metadata);
        if (!valueChanged && !metadataChanged)
        {
            change = null;
            return new SubmitOutcome(old, oldRank, previous, aheadOfValue, Improved: false, Changed: false);
        }

        // The time is when the entry reached its value: an unchanged value keeps its place among equals.
        long newTime = valueChanged ? time : old.Time;
        if (valueChanged)
            index.Update(slot, k1, k2, newTime);
        if (metadataChanged)
            index.SetMetadata(slot, metadata);

        var updated = new PartitionEntry(old.PlayerId, newScore, newSubscore, newTime, metadata);
        change = new ScoreChange(sequence, ChangeKind.Upsert, old.PlayerId, newScore, newSubscore, newTime, metadata);
        long rank = valueChanged ? index.Locate(slot).Rank : oldRank;
        return new SubmitOutcome(updated, rank, previous, aheadOfValue, Ahead(k1, k2, oldK1, oldK2), Changed: true);
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
