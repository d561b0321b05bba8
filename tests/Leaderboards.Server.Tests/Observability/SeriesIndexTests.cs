using Leaderboards.Server.Observability.Internal;

namespace Leaderboards.Server.Tests.Observability;

public sealed class SeriesIndexTests
{
    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    [Fact]
    public void SameTagSet_FindsTheSeriesMadeTheFirstTime()
    {
        var index = new SeriesIndex<object>();
        int made = 0;
        object Make(ReadOnlySpan<KeyValuePair<string, object?>> tags, int _)
        {
            made++;
            return new object();
        }

        var first = index.Get([Tag("method", "POST"), Tag("status", 200)], Make, 0);
        // Equal values in other instances (a boxed status code, a string built at run time) are the same tag set.
        var again = index.Get([Tag("method", new string("POST".AsSpan())), Tag("status", (object)200)], Make, 0);

        Assert.Same(first, again);
        Assert.Equal(1, made);
    }

    [Fact]
    public void DifferentValuesNamesOrCounts_AreDifferentSeries()
    {
        var index = new SeriesIndex<string>();
        static string Make(ReadOnlySpan<KeyValuePair<string, object?>> tags, int _)
        {
            var parts = new List<string>();
            foreach (var tag in tags)
                parts.Add($"{tag.Key}={tag.Value}");
            return string.Join(",", parts);
        }

        Assert.Equal("status=200", index.Get([Tag("status", 200)], Make, 0));
        Assert.Equal("status=404", index.Get([Tag("status", 404)], Make, 0));
        Assert.Equal("code=200", index.Get([Tag("code", 200)], Make, 0));
        Assert.Equal("status=200,route=", index.Get([Tag("status", 200), Tag("route", null)], Make, 0));
        Assert.Equal("", index.Get([], Make, 0));
        Assert.Equal("status=200", index.Get([Tag("status", 200)], Make, 0));
    }
}
