namespace Leaderboards.Redis;

/// <summary>The base of every failure this client reports.</summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
