namespace Leaderboards.Storage;

/// <summary>How often a board starts a new season. Persisted: values are EXPLICIT and APPEND-ONLY.</summary>
public enum ResetEvery : byte
{
    None = 0,
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>A board's season rule: boundaries are local midnights in <see cref="TimeZone"/> (DST included).</summary>
public sealed record SeasonReset(ResetEvery Every, string TimeZone, DayOfWeek WeekStartsOn, int KeepSeasons)
{
    public const int DefaultKeep = 10;
    public const int MaxKeep = 1000;

    public static readonly SeasonReset None = new(ResetEvery.None, "UTC", DayOfWeek.Monday, DefaultKeep);

    public static string Name(ResetEvery every) => every switch
    {
        ResetEvery.Day => "day",
        ResetEvery.Week => "week",
        ResetEvery.Month => "month",
        _ => "none",
    };
}
