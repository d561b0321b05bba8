namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>Removes a player; answers false when the player has no entry.</summary>
internal sealed class RemoveWork(string playerId) : PartitionWork<bool>
{
    private bool _removed;

    public override bool Fits(ApplyRound round) => !round.Closed && (round.IsEmpty || !round.Touches(playerId));

    protected override void PlanCore(ScoreApplier applier, ApplyRound round)
    {
        int slot = applier.SlotOf(playerId);
        if (slot < 0)
            return;
        int change = round.Add(new ScoreChange(round.NextSequence, ChangeKind.Remove, playerId, 0, 0, 0, null), slot);
        round.Remember(playerId, new ApplyRound.Pending(null, slot, change));
        _removed = true;
    }

    protected override bool Finish(ScoreApplier applier, ApplyRound round) => _removed;
}
