namespace Leaderboards.Service.Errors;

/// <summary>There is no snapshot with the id.</summary>
public sealed class SnapshotNotFoundException(string snapshotId) : ServiceException($"There is no snapshot '{snapshotId}'.", "snapshotId");
