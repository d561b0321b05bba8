using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Service.Live;
using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live;

/// <summary>
/// Sends the live feed's updates over the hub: a top-N update once to its group (SignalR serialises a group message once
/// per protocol), a player's standing to the one connection that watches it.
/// </summary>
internal sealed class HubPublisher(IHubContext<LeaderboardHub> hub) : ILivePublisher
{
    public static string TopGroup(string boardId, int limit) => $"top:{limit}:{boardId}";

    public static TopChangedMessage ToMessage(TopUpdate top) =>
        new(top.BoardId, top.Limit, top.Total, top.Entries.ToResponses()) { Season = top.Season };

    public static RankChangedMessage ToMessage(RankUpdate update) =>
        new(update.BoardId, update.PlayerId, update.Rank, update.PreviousRank, update.Score, update.Subscore, update.Total, update.OvertakenBy);

    public async ValueTask PublishTopAsync(TopUpdate top, CancellationToken cancellationToken) =>
        await hub.Clients.Group(TopGroup(top.BoardId, top.Limit)).SendAsync("TopChanged", ToMessage(top), cancellationToken);

    public async ValueTask PublishRankAsync(string connectionId, RankUpdate update, CancellationToken cancellationToken) =>
        await hub.Clients.Client(connectionId).SendAsync("RankChanged", ToMessage(update), cancellationToken);
}
