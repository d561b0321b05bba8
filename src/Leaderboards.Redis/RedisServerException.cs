namespace Leaderboards.Redis;

/// <summary>
/// The server answered the command with an error reply. <see cref="Prefix"/> is the error's first word
/// (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, ...), by which callers tell errors apart.
/// </summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the error text as the server sent it.</summary>
    public RedisServerException(string message)
        : base(message)
    {
        int space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The error's first word, such as <c>ERR</c> or <c>MOVED</c>.</summary>
    public string Prefix { get; }
}
