namespace Leaderboards.Redis;

/// <summary>
/// A connection could not be made, or broke. When <see cref="CommandSent"/> is true the command had been written
/// before the break, so it may or may not have run on the server; the client retries only commands not sent.
/// </summary>
public class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception for the node at <paramref name="endpoint"/>.</summary>
    public RedisConnectionException(string message, RedisEndpoint? endpoint, bool commandSent, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        CommandSent = commandSent;
    }

    /// <summary>The node the connection was to, when known.</summary>
    public RedisEndpoint? Endpoint { get; }

    /// <summary>True when the command had been written to the connection before it broke.</summary>
    public bool CommandSent { get; }
}
