using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis.Internal;

/// <summary>The client's log messages, with fixed event ids (1000-1099).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Connected to {Endpoint} (RESP{Protocol}, read-only {ReadOnly})")]
    public static partial void Connected(ILogger logger, string endpoint, int protocol, bool readOnly);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Connection to {Endpoint} broken: {Reason}")]
    public static partial void ConnectionBroken(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Reconnect to {Endpoint} failed (attempt {Attempt}), next in {DelayMs} ms: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Reconnected to {Endpoint} after {Attempts} attempts")]
    public static partial void Reconnected(ILogger logger, string endpoint, int attempts);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Topology loaded from {Endpoint}: {Mode}, {Shards} shards, {Nodes} nodes")]
    public static partial void TopologyLoaded(ILogger logger, string endpoint, string mode, int shards, int nodes);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Topology refresh from {Endpoint} failed: {Reason}")]
    public static partial void TopologyRefreshFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "{Kind} redirect of {Command} for slot {Slot} to {Endpoint}")]
    public static partial void Redirected(ILogger logger, string kind, string command, int slot, string endpoint);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "Retrying {Command} after {Reason} (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string command, string reason, int attempt);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Resubscribed {Count} channels on {Endpoint}")]
    public static partial void Resubscribed(ILogger logger, int count, string endpoint);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Resubscribing failed: {Reason}")]
    public static partial void ResubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "A handler for channel {Channel} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string channel);
}
