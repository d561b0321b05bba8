using Leaderboards.Engine.Boards;

namespace Leaderboards.Service.Live;

/// <summary>What a watcher last heard about a player.</summary>
public readonly record struct PlayerState(long? Rank, long? Score, long? Subscore)
{
    public static PlayerState Of(PlayerStanding? standing) =>
        standing is null ? default : new(standing.Entry.Rank, standing.Entry.Score, standing.Entry.Subscore);
}
