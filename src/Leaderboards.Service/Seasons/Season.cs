namespace Leaderboards.Service.Seasons;

/// <summary>One season of a board: its own engine board, read-only once it has ended.</summary>
public sealed record Season(string Id, ulong Incarnation, DateTimeOffset Start, DateTimeOffset? End, Engine.Boards.Board Board);
