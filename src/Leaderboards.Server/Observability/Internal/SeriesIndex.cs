using System.Collections.Concurrent;

namespace Leaderboards.Server.Observability.Internal;

/// <summary>
/// Finds the series a measurement's tag set belongs to without allocating, once that tag set has been seen: HTTP and
/// rate-limiting instruments record several measurements a request, and rendering their labels each time would cost
/// more than the request's own work. Tag sets are compared in the order they arrive; the same set in another order is
/// a second entry for the same series.
/// </summary>
internal sealed class SeriesIndex<TSeries>
    where TSeries : class
{
    private readonly ConcurrentDictionary<int, Entry[]> _byHash = new();
    private readonly Lock _addLock = new();

    /// <summary>The series for <paramref name="tags"/>, made by <paramref name="create"/> the first time the set is seen.</summary>
    public TSeries Get<TState>(ReadOnlySpan<KeyValuePair<string, object?>> tags, Func<ReadOnlySpan<KeyValuePair<string, object?>>, TState, TSeries> create, TState state)
    {
        int hash = Hash(tags);
        if (_byHash.TryGetValue(hash, out var entries) && Find(entries, tags) is { } found)
            return found;
        lock (_addLock)
        {
            entries = _byHash.GetValueOrDefault(hash, []);
            if (Find(entries, tags) is { } raced)
                return raced;
            var series = create(tags, state);
            _byHash[hash] = [.. entries, new Entry(tags.ToArray(), series)];
            return series;
        }
    }

    private static TSeries? Find(Entry[] entries, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var entry in entries)
        {
            if (Same(entry.Tags, tags))
                return entry.Series;
        }
        return null;
    }

    private static bool Same(KeyValuePair<string, object?>[] known, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (known.Length != tags.Length)
            return false;
        for (int i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(known[i].Key, tags[i].Key, StringComparison.Ordinal) || !Equals(known[i].Value, tags[i].Value))
                return false;
        }
        return true;
    }

    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value);
        }
        return hash.ToHashCode();
    }

    private sealed record Entry(KeyValuePair<string, object?>[] Tags, TSeries Series);
}
