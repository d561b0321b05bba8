using Leaderboards.Engine.Boards;

namespace Leaderboards.Service.Live;

/// <summary>A board's current top entries, in its current season.</summary>
public sealed record TopUpdate(string BoardId, string Season, int Limit, long Total, IReadOnlyList<RankedEntry> Entries);
