namespace Leaderboards.Service.Keys;

/// <summary>A stored key: everything but the secret, which is kept only as a SHA-256 hash. Keys never change; a revoked key is a lookup miss.</summary>
public sealed record ApiKey(string Id, string Name, ApiRole Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod, KeyHash Hash);
