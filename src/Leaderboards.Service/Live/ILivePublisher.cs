namespace Leaderboards.Service.Live;

/// <summary>Delivers the live feed's updates to subscribers; the web host implements it over its hub.</summary>
public interface ILivePublisher
{
    /// <summary>Sends a board's top entries to everyone subscribed to that board and limit.</summary>
    ValueTask PublishTopAsync(TopUpdate top, CancellationToken cancellationToken);

    /// <summary>Sends a watched player's new standing to one connection.</summary>
    ValueTask PublishRankAsync(string connectionId, RankUpdate update, CancellationToken cancellationToken);
}
