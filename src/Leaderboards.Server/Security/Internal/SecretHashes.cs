using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Connections.Features;

namespace Leaderboards.Server.Security.Internal;

/// <summary>
/// The hash of the secret in a request's credential header, remembered in the connection's persistent state: Kestrel
/// hands the very same string again for a header that did not change since the connection's last request, so a
/// kept-alive connection hashes its key once instead of per request. Only the hash is remembered; the key is still
/// looked up by it on every request, so a revoked key stops working at once.
/// </summary>
internal static class SecretHashes
{
    /// <summary>The hash of <paramref name="value"/> from <paramref name="start"/>, trimmed; the caller has checked that is not empty.</summary>
    public static KeyHash Of(HttpRequest request, string value, int start)
    {
        // Persistent state belongs to one connection (or one pooled HTTP/2 stream), which runs one request at a time.
        var state = request.HttpContext.Features.Get<IPersistentStateFeature>()?.State;
        if (state is not null && state.TryGetValue(typeof(LastSecret), out var seen)
            && seen is LastSecret last && ReferenceEquals(last.Value, value) && last.Start == start)
            return last.Hash;
        var hash = KeyHash.Of(value.AsSpan(start).Trim());
        if (state is not null)
            state[typeof(LastSecret)] = new LastSecret(value, start, hash);
        return hash;
    }

    private sealed record LastSecret(string Value, int Start, KeyHash Hash);
}
