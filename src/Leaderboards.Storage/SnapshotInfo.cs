namespace Leaderboards.Storage;

/// <summary>A snapshot on disk. Its id is the log segment its replay starts from, so a newer snapshot has a larger id.</summary>
public sealed record SnapshotInfo(string Id, long ReplayFromSegment, DateTimeOffset CreatedAt, long Bytes, string Path);
