using System.Globalization;
using Leaderboards.Engine;

namespace Leaderboards.Server.Api.Internal;

/// <summary>Parses query-string values itself, so that a bad value gets a problem response naming the parameter.</summary>
internal static class QueryParameters
{
    public static int Int(HttpRequest request, string name, int defaultValue, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return defaultValue;
        if (values.Count > 1)
            throw ApiProblemException.Invalid(name, $"{name} must be given once.");
        if (!int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw ApiProblemException.Invalid(name, $"{name} must be an integer between {min} and {max}.");
        return value;
    }

    public static long? Long(HttpRequest request, string name, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!request.Query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return null;
        if (values.Count > 1)
            throw ApiProblemException.Invalid(name, $"{name} must be given once.");
        if (!long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw ApiProblemException.Invalid(name, $"{name} must be an integer between {min} and {max}.");
        return value;
    }

    public static ReadConsistency Consistency(HttpRequest request)
    {
        if (!request.Query.TryGetValue("consistency", out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return ReadConsistency.Eventual;
        return values[0] switch
        {
            "eventual" when values.Count == 1 => ReadConsistency.Eventual,
            "strong" when values.Count == 1 => ReadConsistency.Strong,
            _ => throw ApiProblemException.Invalid("consistency", "consistency must be eventual or strong."),
        };
    }
}
