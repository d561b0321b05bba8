using System.Globalization;
using Leaderboards.Engine;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Microsoft.Extensions.Primitives;

namespace Leaderboards.Server.Api.Internal;

/// <summary>Parses query-string values itself, so that a bad value gets a problem response naming the parameter.</summary>
internal static class QueryParameters
{
    public static int Int(HttpRequest request, string name, int defaultValue, int min, int max) =>
        (int)(Long(request, name, min, max) ?? defaultValue);

    public static long? Long(HttpRequest request, string name, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!TryGet(request, name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return null;
        if (values.Count > 1)
            throw new InvalidFieldException(name, $"{name} must be given once.");
        if (!long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw new InvalidFieldException(name, $"{name} must be an integer between {min} and {max}.");
        return value;
    }

    /// <summary>The season a read asks for (<c>season=current|previous|&lt;id&gt;</c>); 404 when the board has no such season.</summary>
    public static async ValueTask<Service.Boards.IRankedBoard> SeasonBoardAsync(HttpRequest request, BoardHandle.Lease lease, CancellationToken cancellationToken)
    {
        string? season = null;
        if (TryGet(request, "season", out var values) && values.Count > 0)
        {
            if (values.Count > 1)
                throw new InvalidFieldException("season", "season must be given once.");
            season = values[0];
        }
        return (await lease.Handle.RequireSeasonAsync(season, cancellationToken)).Board;
    }

    public static ReadConsistency Consistency(HttpRequest request)
    {
        if (!TryGet(request, "consistency", out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return ReadConsistency.Eventual;
        return values[0] switch
        {
            "eventual" when values.Count == 1 => ReadConsistency.Eventual,
            "strong" when values.Count == 1 => ReadConsistency.Strong,
            _ => throw new InvalidFieldException("consistency", "consistency must be eventual or strong."),
        };
    }

    /// <summary>A request with no query string has no parameters: answering so does not build the query collection.</summary>
    private static bool TryGet(HttpRequest request, string name, out StringValues values)
    {
        if (!request.QueryString.HasValue)
        {
            values = default;
            return false;
        }
        return request.Query.TryGetValue(name, out values);
    }
}
