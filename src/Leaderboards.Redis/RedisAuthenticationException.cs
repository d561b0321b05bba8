namespace Leaderboards.Redis;

/// <summary>The server refused the configured user or password (<c>WRONGPASS</c>, <c>NOAUTH</c>, <c>NOPERM</c>).</summary>
public sealed class RedisAuthenticationException : RedisConnectionException
{
    /// <summary>Creates the exception with the server's own words.</summary>
    public RedisAuthenticationException(string message, RedisEndpoint endpoint, Exception? innerException = null)
        : base(message, endpoint, false, innerException)
    {
    }
}
