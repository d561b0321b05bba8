using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// Turns one reply into a command's result, reading in place. The reader is on the reply's top-level value,
/// which is never an error (errors fail the command before a parser runs).
/// </summary>
internal delegate T ReplyParser<T>(ref RespReader reader);
