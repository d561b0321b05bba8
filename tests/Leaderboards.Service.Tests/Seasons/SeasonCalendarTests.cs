using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Tests.Seasons;

public sealed class SeasonCalendarTests
{
    private static readonly DateTimeOffset Created = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SeasonReset Reset(ResetEvery every, string zone, DayOfWeek weekStart = DayOfWeek.Monday) => new(every, zone, weekStart, 10);

    [Theory]
    [InlineData("UTC", "2026-11-21T12:00:00Z", "2026-11-21", "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z")]
    [InlineData("Europe/Oslo", "2026-11-21T23:30:00Z", "2026-11-22", "2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z")]
    [InlineData("America/New_York", "2026-11-21T03:00:00Z", "2026-11-20", "2026-11-20T05:00:00Z", "2026-11-21T05:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-21T18:29:00Z", "2026-11-21", "2026-11-20T18:30:00Z", "2026-11-21T18:30:00Z")]
    public void DailySeasons_StartAtLocalMidnight(string zone, string instant, string id, string start, string end)
    {
        var (seasonId, seasonStart, seasonEnd) = SeasonCalendar.SeasonOf(Reset(ResetEvery.Day, zone), DateTimeOffset.Parse(instant), Created);
        Assert.Equal(id, seasonId);
        Assert.Equal(DateTimeOffset.Parse(start), seasonStart);
        Assert.Equal(DateTimeOffset.Parse(end), seasonEnd);
    }

    [Fact]
    public void WeeklySeasons_StartOnTheBoardsFirstWeekday()
    {
        // Saturday 2026-11-21 in Auckland (UTC+13 in November).
        var instant = DateTimeOffset.Parse("2026-11-21T10:00:00Z");
        var monday = SeasonCalendar.SeasonOf(Reset(ResetEvery.Week, "Pacific/Auckland"), instant, Created);
        Assert.Equal("2026-11-16w", monday.Id);
        Assert.Equal(DateTimeOffset.Parse("2026-11-15T11:00:00Z"), monday.Start);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T11:00:00Z"), monday.End);
        var sunday = SeasonCalendar.SeasonOf(Reset(ResetEvery.Week, "Pacific/Auckland", DayOfWeek.Sunday), instant, Created);
        Assert.Equal("2026-11-15w", sunday.Id);
    }

    [Fact]
    public void MonthlySeasons_FollowTheCalendar()
    {
        var (id, start, end) = SeasonCalendar.SeasonOf(Reset(ResetEvery.Month, "UTC"), DateTimeOffset.Parse("2028-02-29T23:59:59Z"), Created);
        Assert.Equal("2028-02", id);
        Assert.Equal(DateTimeOffset.Parse("2028-02-01T00:00:00Z"), start);
        Assert.Equal(DateTimeOffset.Parse("2028-03-01T00:00:00Z"), end);
    }

    [Fact]
    public void DstShifts_MakeDaysOf23And25Hours()
    {
        var oslo = Reset(ResetEvery.Day, "Europe/Oslo");
        var spring = SeasonCalendar.SeasonOf(oslo, DateTimeOffset.Parse("2027-03-28T12:00:00Z"), Created);
        Assert.Equal(TimeSpan.FromHours(23), spring.End - spring.Start);
        var autumn = SeasonCalendar.SeasonOf(oslo, DateTimeOffset.Parse("2026-10-25T12:00:00Z"), Created);
        Assert.Equal(TimeSpan.FromHours(25), autumn.End - autumn.Start);
    }

    [Fact]
    public void AMidnightThatDstSkips_StartsTheSeasonAtTheFirstValidTime()
    {
        // Find a day whose local midnight does not exist (DST starting at 00:00), in a zone known for it.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var day = Enumerable.Range(0, 3 * 366).Select(i => new DateTime(2024, 1, 1).AddDays(i)).FirstOrDefault(zone.IsInvalidTime);
        Assert.NotEqual(default, day);
        var (id, start, end) = SeasonCalendar.SeasonOf(Reset(ResetEvery.Day, "America/Santiago"), new DateTimeOffset(day.AddHours(12), zone.GetUtcOffset(day.AddHours(12))), Created);
        Assert.Equal(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), id);
        var localStart = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        Assert.Equal(day.AddHours(1), localStart);
        Assert.Equal(TimeSpan.FromHours(23), end - start);
    }

    [Fact]
    public void EverySeasonEndsWhereTheNextStarts()
    {
        var reset = Reset(ResetEvery.Day, "Europe/London");
        var t = DateTimeOffset.Parse("2026-01-01T00:30:00Z");
        for (int i = 0; i < 800; i++)
        {
            var (_, _, end) = SeasonCalendar.SeasonOf(reset, t, Created);
            var next = SeasonCalendar.SeasonOf(reset, end!.Value, Created);
            Assert.Equal(end, next.Start);
            t = end.Value;
        }
    }
}
