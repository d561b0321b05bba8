using System.Globalization;

namespace Leaderboards.Redis;

/// <summary>A node's address: host name or IP address, and port.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
public sealed record RedisEndpoint(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> (IPv6 in brackets: <c>[::1]:6379</c>); the port defaults to 6379.</summary>
    /// <exception cref="FormatException">The text is not an endpoint.</exception>
    public static RedisEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int colon = text.LastIndexOf(':');
        bool bracketed = text.StartsWith('[');
        if (colon < 0 || (bracketed && colon < text.IndexOf(']', StringComparison.Ordinal)))
        {
            return new RedisEndpoint(text.Trim('[', ']'), 6379);
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is 0 or > 65535)
        {
            throw new FormatException($"'{text}' is not host:port.");
        }

        return new RedisEndpoint(text[..colon].Trim('[', ']'), port);
    }

    /// <summary><c>host:port</c>.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
