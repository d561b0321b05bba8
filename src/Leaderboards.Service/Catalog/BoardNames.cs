using System.Globalization;
using System.Text.RegularExpressions;
using Leaderboards.Engine;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

/// <summary>Board ids and the API's names of the engine's options, seasons and TTLs, parsed and checked.</summary>
public static partial class BoardNames
{
    public const int MaxDisplayNameLength = 200;

    /// <summary>Board ids: 1 to 64 of A-Z a-z 0-9 _ - . starting with a letter or digit, so they are safe in a URL path and a file name.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex IdPattern();

    public static void ValidateId(string boardId)
    {
        if (!IdPattern().IsMatch(boardId))
            throw new InvalidFieldException("boardId",
                "boardId must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' or '.', starting with a letter or a digit.");
    }

    public static string Name(SortOrder order) => order == SortOrder.Ascending ? "asc" : "desc";

    public static string Name(UpdatePolicy policy) => policy switch
    {
        UpdatePolicy.Latest => "latest",
        UpdatePolicy.Sum => "sum",
        _ => "best",
    };

    public static string Name(RankMode mode) => mode == RankMode.Competition ? "competition" : "ordinal";

    public static SortOrder ParseOrder(string text) => text switch
    {
        "desc" => SortOrder.Descending,
        "asc" => SortOrder.Ascending,
        _ => throw new InvalidFieldException("order", "order must be desc or asc."),
    };

    public static UpdatePolicy ParsePolicy(string text) => text switch
    {
        "best" => UpdatePolicy.Best,
        "latest" => UpdatePolicy.Latest,
        "sum" => UpdatePolicy.Sum,
        _ => throw new InvalidFieldException("updatePolicy", "updatePolicy must be best, latest or sum."),
    };

    public static RankMode ParseRankMode(string text) => text switch
    {
        "ordinal" => RankMode.Ordinal,
        "competition" => RankMode.Competition,
        _ => throw new InvalidFieldException("rankMode", "rankMode must be ordinal or competition."),
    };

    public static SeasonReset ParseReset(ResetChange? request, SeasonReset current)
    {
        if (request is null)
            return current;
        var every = request.Every switch
        {
            null => current.Every,
            "none" => ResetEvery.None,
            "day" => ResetEvery.Day,
            "week" => ResetEvery.Week,
            "month" => ResetEvery.Month,
            _ => throw new InvalidFieldException("reset.every", "reset.every must be none, day, week or month."),
        };
        string zone = request.TimeZone ?? current.TimeZone;
        SeasonCalendar.ValidateTimeZone(zone);
        var weekStart = current.WeekStartsOn;
        if (request.WeekStartsOn is { } day && (int.TryParse(day, out _) || !Enum.TryParse(day, ignoreCase: true, out weekStart)))
            throw new InvalidFieldException("reset.weekStartsOn", "reset.weekStartsOn must be a weekday name, monday to sunday.");
        int keep = request.Keep ?? current.KeepSeasons;
        if (keep is < 1 or > SeasonReset.MaxKeep)
            throw new InvalidFieldException("reset.keep", $"reset.keep must be between 1 and {SeasonReset.MaxKeep}.");
        return new SeasonReset(every, zone, weekStart, keep);
    }

    /// <summary>"30d", "12h", "90m", "45s" (or "none" to keep entries forever).</summary>
    public static TimeSpan? ParseTtl(string? text, TimeSpan? current)
    {
        if (text is null)
            return current;
        if (text is "none" or "")
            return null;
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 && n <= 36_500L * 86_400)
        {
            TimeSpan? ttl = text[^1] switch
            {
                'd' when n <= 36_500 => TimeSpan.FromDays(n),
                'h' when n <= 36_500 * 24 => TimeSpan.FromHours(n),
                'm' when n <= 36_500 * 1440 => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => null,
            };
            if (ttl is { } value && value >= TimeSpan.FromSeconds(1))
                return value;
        }
        throw new InvalidFieldException("entryTtl", "entryTtl must be a positive whole number of days, hours, minutes or seconds, like 30d, 12h, 90m or 45s (or none).");
    }

    public static string FormatTtl(TimeSpan ttl) =>
        ttl.TotalDays == Math.Floor(ttl.TotalDays) ? $"{ttl.TotalDays:0}d"
        : ttl.TotalHours == Math.Floor(ttl.TotalHours) ? $"{ttl.TotalHours:0}h"
        : ttl.TotalMinutes == Math.Floor(ttl.TotalMinutes) ? $"{ttl.TotalMinutes:0}m"
        : $"{ttl.TotalSeconds:0}s";

    public static string ValidateDisplayName(string displayName)
    {
        if (displayName.Length > MaxDisplayNameLength || displayName.Any(char.IsControl))
            throw new InvalidFieldException("displayName", $"displayName must be at most {MaxDisplayNameLength} characters with no control characters.");
        return displayName;
    }
}
