using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>Receives what a connection reads outside the request/reply order.</summary>
internal interface IPushHandler
{
    /// <summary>An out-of-band message: a RESP3 push, or on a subscriber connection a RESP2 pub/sub array.</summary>
    void OnPush(RespConnection connection, ref RespReader reader);

    /// <summary>An error reply with no command waiting, as a subscriber connection gets for a refused subscribe.</summary>
    void OnUnsolicitedError(RespConnection connection, string message);
}
