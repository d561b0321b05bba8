namespace Leaderboards.Server.Settings;

/// <summary>Settings under <c>Leaderboards:Live</c>.</summary>
public sealed class LiveOptions
{
    /// <summary>At most one <c>TopChanged</c> per board per interval; the latest state wins.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A connection that has not taken an update within this time (it stopped reading, or reads far slower than the
    /// updates come) is closed. Until then it gets only the latest update of each subscription.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A connection that sends nothing, not even a keep-alive ping, within this time is closed and its subscriptions
    /// released. SignalR clients ping every 15 s by default.
    /// </summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public const int MaxTopLimit = 100;

    /// <summary>Every duration must be positive; the host refuses to start otherwise.</summary>
    public bool IsValid => Interval > TimeSpan.Zero && SendTimeout > TimeSpan.Zero && ClientTimeout > TimeSpan.Zero;
}
