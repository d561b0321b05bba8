namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// Changes the owner itself (replicas, sinks, the log, recovery); runs between rounds, when nothing is planned and not applied.
/// A work that <paramref name="stages"/> leaves recovered changes staged in the index; any other work builds them first.
/// </summary>
internal sealed class ControlWork(Func<PartitionReplica[]> action, bool stages = false) : PartitionWork<PartitionReplica[]>
{
    public bool Stages => stages;

    public override bool Fits(ApplyRound round) => false;

    protected override void PlanCore(ScoreApplier applier, ApplyRound round) =>
        throw new InvalidOperationException("Control work does not join a round.");

    protected override PartitionReplica[] Finish(ScoreApplier applier, ApplyRound round) =>
        throw new InvalidOperationException("Control work does not join a round.");

    public void Run() => RunNow(action);
}
