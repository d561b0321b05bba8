using Leaderboards.Service.Boards;

namespace Leaderboards.Service.Seasons;

/// <summary>One season of a board: its own board in the store, read-only once it has ended.</summary>
public sealed record Season(string Id, ulong Incarnation, DateTimeOffset Start, DateTimeOffset? End, IRankedBoard Board);
