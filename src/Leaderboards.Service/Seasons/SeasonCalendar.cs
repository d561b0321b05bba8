using System.Globalization;
using Leaderboards.Service.Errors;
using Leaderboards.Storage;

namespace Leaderboards.Service.Seasons;

/// <summary>
/// Season boundaries: the local midnight that starts a day, a week (on the board's first weekday) or a month, in the
/// board's time zone, as an instant. A midnight that a DST change skips becomes the first valid local time after it; one
/// that happens twice is the first of the two.
/// </summary>
public static class SeasonCalendar
{
    /// <summary>The id, start and end of the season that holds <paramref name="instant"/>; a board without seasons has one, "all".</summary>
    public static (string Id, DateTimeOffset Start, DateTimeOffset? End) SeasonOf(SeasonReset reset, DateTimeOffset instant, DateTimeOffset boardCreated)
    {
        if (reset.Every == ResetEvery.None)
            return ("all", boardCreated, null);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(reset.TimeZone);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        DateTime startDate = reset.Every switch
        {
            ResetEvery.Day => local.Date,
            ResetEvery.Week => local.Date.AddDays(-(((int)local.DayOfWeek - (int)reset.WeekStartsOn + 7) % 7)),
            _ => new DateTime(local.Year, local.Month, 1),
        };
        DateTime endDate = reset.Every switch
        {
            ResetEvery.Day => startDate.AddDays(1),
            ResetEvery.Week => startDate.AddDays(7),
            _ => startDate.AddMonths(1),
        };
        var start = Instant(startDate, zone);
        // A local midnight moved by DST can put the instant just before its computed start: then it is the previous season.
        if (instant < start)
            return SeasonOf(reset, start.AddTicks(-1), boardCreated);
        return (Id(reset.Every, startDate), start, Instant(endDate, zone));
    }

    public static void ValidateTimeZone(string timeZone)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidFieldException("reset.timeZone",
                $"reset.timeZone '{timeZone}' is not a known IANA time zone (e.g. Europe/Oslo, America/New_York, UTC).");
        }
    }

    private static string Id(ResetEvery every, DateTime start) => every switch
    {
        ResetEvery.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ResetEvery.Week => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "w",
        _ => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>The instant of a local wall-clock time, stepping over a DST gap and taking the first of a repeated hour.</summary>
    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
