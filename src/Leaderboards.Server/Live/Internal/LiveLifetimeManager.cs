using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// SignalR's own lifetime manager for <see cref="LeaderboardHub"/>, which also gives <see cref="HubPublisher"/> each
/// connection as it opens and closes: the publisher writes to a connection directly, one send at a time.
/// </summary>
internal sealed class LiveLifetimeManager(HubPublisher publisher, ILogger<DefaultHubLifetimeManager<LeaderboardHub>> logger)
    : DefaultHubLifetimeManager<LeaderboardHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        publisher.Opened(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        publisher.Closed(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
