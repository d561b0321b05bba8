namespace Leaderboards.Redis;

/// <summary>
/// No answer came within <see cref="RedisOptions.CommandTimeout"/> (retries and redirects included). The command
/// may still run on the server; its late reply is discarded.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
