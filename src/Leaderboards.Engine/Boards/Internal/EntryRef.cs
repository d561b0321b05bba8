namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// One entry of a cut, named by its partition, slot and primary key: what a merge picks before anything is
/// materialised, so only the entries a read returns become strings and records.
/// </summary>
internal readonly record struct EntryRef(int Partition, int Slot, long K1);
