using Leaderboards.Server.Live.Internal;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live;

/// <summary>Maps <see cref="LeaderboardHub"/>.</summary>
public static class LiveHubEndpoint
{
    public const string Path = "/hubs/leaderboard";

    /// <summary>
    /// The hub at <see cref="Path"/>, mapped as <c>MapHub</c> maps it, with one connection middleware in front: it notes
    /// when each connection last sent anything, for <see cref="LiveConnectionMonitor"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapLeaderboardHub(this IEndpointRouteBuilder endpoints)
    {
        var activity = endpoints.ServiceProvider.GetRequiredService<ClientActivity>();
        var hub = endpoints.MapConnections(Path, new HttpConnectionDispatcherOptions(), connection =>
        {
            connection.Use(activity.Track);
            connection.UseHub<LeaderboardHub>();
        });
        hub.Add(endpoint => endpoint.Metadata.Add(new HubMetadata(typeof(LeaderboardHub))));
        return hub;
    }
}
