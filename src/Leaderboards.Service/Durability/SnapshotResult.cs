using Leaderboards.Storage;

namespace Leaderboards.Service.Durability;

/// <summary>What taking a snapshot did.</summary>
public sealed record SnapshotResult(SnapshotInfo Snapshot, long Boards, long Entries, TimeSpan Elapsed);
