namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>Submits a command's entries, in order and all together.</summary>
internal sealed class SubmitWork(SubmitCommand command) : PartitionWork<IReadOnlyList<SubmitOutcome>>
{
    // The plans live in the round (reused from round to round), so a work item allocates none.
    private int _firstPlan;

    public override bool Fits(ApplyRound round)
    {
        if (round.Closed)
            return false;
        if (round.IsEmpty)
            return true;
        var entries = command.Entries;
        for (int i = 0; i < entries.Count; i++)
        {
            if (round.Touches(entries[i].PlayerId))
                return false;
        }

        return true;
    }

    protected override void PlanCore(ScoreApplier applier, ApplyRound round)
    {
        var entries = command.Entries;
        _firstPlan = round.PlanCount;
        if (entries.Count > 1)
            round.Reserve(entries.Count);
        for (int i = 0; i < entries.Count; i++)
            round.AddPlan(applier.Plan(entries[i], command.Time, round));
    }

    protected override IReadOnlyList<SubmitOutcome> Finish(ScoreApplier applier, ApplyRound round)
    {
        int count = command.Entries.Count;
        if (count == 1)
            return [applier.Outcome(round.PlanAt(_firstPlan), round)];
        var outcomes = new SubmitOutcome[count];
        for (int i = 0; i < outcomes.Length; i++)
            outcomes[i] = applier.Outcome(round.PlanAt(_firstPlan + i), round);
        return outcomes;
    }
}
