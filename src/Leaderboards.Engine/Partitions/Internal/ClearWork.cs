namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>Removes every entry of the partition.</summary>
internal sealed class ClearWork : PartitionWork<bool>
{
    // A clear changes every entry: it is a round of its own, so no other work's answer is read after it.
    public override bool Fits(ApplyRound round) => round.IsEmpty;

    protected override void PlanCore(ScoreApplier applier, ApplyRound round)
    {
        round.Add(new ScoreChange(round.NextSequence, ChangeKind.Clear, string.Empty, 0, 0, 0, null), -1);
        round.Close();
    }

    protected override bool Finish(ScoreApplier applier, ApplyRound round) => true;
}
