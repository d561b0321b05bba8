namespace Leaderboards.Storage;

/// <summary>The precision records keep a time in: whole milliseconds since the Unix epoch.</summary>
public static class RecordTime
{
    /// <summary>
    /// <paramref name="time"/> as a record keeps it. A creation time answered before it is recorded is cut to this first,
    /// so the same time reads the same after a restart, after a restore, and on every node of a cluster.
    /// </summary>
    public static DateTimeOffset AsKept(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
