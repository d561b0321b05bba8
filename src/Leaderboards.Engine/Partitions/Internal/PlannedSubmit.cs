namespace Leaderboards.Engine.Partitions.Internal;

/// <summary>
/// What one submission will do, computed before its round is logged: everything of its <see cref="SubmitOutcome"/>
/// but the rank after the change, which is read once the round is applied. <see cref="AppliedSlot"/> is the player's
/// slot in the state the round was planned against (-1 when absent); <see cref="Source"/> is the round's change that
/// produced <see cref="Entry"/> (-1 when the entry is the applied one, unchanged).
/// </summary>
internal readonly record struct PlannedSubmit(
    PartitionEntry Entry,
    PartitionLookup? Previous,
    long PreviousAheadOfValue,
    bool Improved,
    bool Changed,
    int AppliedSlot,
    int Source);
