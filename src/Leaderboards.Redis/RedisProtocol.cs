namespace Leaderboards.Redis;

/// <summary>The RESP version a connection speaks.</summary>
public enum RedisProtocol
{
    /// <summary>RESP2: the original protocol, spoken by every Redis.</summary>
    Resp2 = 2,

    /// <summary>RESP3 (<c>HELLO 3</c>, Redis 6 and later): typed replies, maps, doubles and push messages.</summary>
    Resp3 = 3,
}
