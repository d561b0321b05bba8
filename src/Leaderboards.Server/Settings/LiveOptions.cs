namespace Leaderboards.Server.Settings;

/// <summary>Settings under <c>Leaderboards:Live</c>.</summary>
public sealed class LiveOptions
{
    /// <summary>At most one <c>TopChanged</c> per board per interval; the latest state wins.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(100);

    public const int MaxTopLimit = 100;
}
