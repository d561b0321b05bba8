namespace Leaderboards.Redis.Protocol;

/// <summary>
/// The bytes received are not valid RESP, or a reply did not have the shape a command expects.
/// A connection that raised it while reading is closed: its stream position can no longer be trusted.
/// </summary>
public sealed class RespProtocolException : Exception
{
    /// <summary>Creates the exception with a message that names what was malformed.</summary>
    public RespProtocolException(string message)
        : base(message)
    {
    }
}
