namespace Leaderboards.Server.Settings;

/// <summary>Token-bucket limits: per API key for callers with a key, per client address for anonymous public reads.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a key may make per period; 0 turns per-key limits off.</summary>
    public int PermitsPerPeriod { get; set; } = 20_000;

    /// <summary>Requests a key may make at once after idling (the bucket size).</summary>
    public int Burst { get; set; } = 40_000;

    /// <summary>Requests one client address may make per period without a key; 0 turns the limit off.</summary>
    public int AnonymousPermitsPerPeriod { get; set; } = 200;

    /// <summary>The anonymous bucket size.</summary>
    public int AnonymousBurst { get; set; } = 400;

    /// <summary>The period the permits refill over.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}
