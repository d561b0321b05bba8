using Leaderboards.Contracts;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Live;
using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live;

/// <summary>
/// Ends a revoked key's live access before the revocation is acknowledged: every open hub connection that authenticated
/// with the key leaves all its subscriptions at once, is told so once per board (<c>SubscriptionEnded</c>, reason
/// <c>key-revoked</c>) and is then closed. Boards with public reads too: a revoked key is refused like any wrong key, so the
/// client reconnects with another key, or with none for public boards.
/// </summary>
internal sealed partial class LiveKeyRevocation(
    ApiKeyStore keys,
    HubConnections connections,
    LiveFeed feed,
    IHubContext<LeaderboardHub> hub,
    TimeProvider time,
    ILogger<LiveKeyRevocation> logger)
    : IHostedService
{
    public const string Detail =
        "This connection's API key was revoked, so the server closes the connection. Reconnect with a valid key, or without one for boards with public reads.";

    /// <summary>How long the notices may take before the connection is closed anyway (a client that reads slowly).</summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        keys.Revoked += OnRevoked;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        keys.Revoked -= OnRevoked;
        return Task.CompletedTask;
    }

    private void OnRevoked(ApiKey key)
    {
        foreach (var connection in connections.WithKey(key.Id))
        {
            // Out of the feed before the revocation is acknowledged: the feed also drops the connection's updates still
            // waiting to be sent, so no change made after it reaches this connection. Only the notices and the close wait.
            var ended = feed.RemoveSubscriptions(connection.ConnectionId);
            Log.ConnectionEnded(logger, connection.ConnectionId, key.Id, ended.Count);
            _ = EndAsync(connection, ended);
        }
    }

    private async Task EndAsync(HubConnections.Connection connection, IReadOnlyList<(string BoardId, IReadOnlyList<int> Limits)> ended)
    {
        try
        {
            using var deadline = new CancellationTokenSource(NoticeTimeout, time);
            var client = hub.Clients.Client(connection.ConnectionId);
            foreach (var (boardId, _) in ended)
            {
                await client.SendAsync("SubscriptionEnded",
                    new SubscriptionEndedMessage(boardId, SubscriptionEndedMessage.KeyRevoked, Detail), deadline.Token);
            }
        }
        catch (Exception e)
        {
            Log.NoticeFailed(logger, connection.ConnectionId, e);
        }
        finally
        {
            // After the notices, which the close does not cut off: they were written before it.
            connection.Abort();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 510, Level = LogLevel.Information,
            Message = "Hub connection {ConnectionId} is closed: its key {KeyId} was revoked ({Boards} boards followed)")]
        public static partial void ConnectionEnded(ILogger logger, string connectionId, string keyId, int boards);

        [LoggerMessage(EventId = 511, Level = LogLevel.Information,
            Message = "Hub connection {ConnectionId} is closed without every SubscriptionEnded notice")]
        public static partial void NoticeFailed(ILogger logger, string connectionId, Exception exception);
    }
}
