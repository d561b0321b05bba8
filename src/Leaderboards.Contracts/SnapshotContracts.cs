namespace Leaderboards.Contracts;

public sealed record SnapshotSummary(string Id, DateTimeOffset CreatedAt, long Bytes);

public sealed record SnapshotsResponse(IReadOnlyList<SnapshotSummary> Snapshots);

/// <summary>A snapshot just taken (or the one a restore ended with): what it holds and how long it took.</summary>
public sealed record SnapshotResponse(string Id, DateTimeOffset CreatedAt, long Bytes, long Boards, long Entries, double ElapsedMs);
