namespace Leaderboards.Server.Boards;

/// <summary>What the service adds to an engine board: its name for people and who may read it.</summary>
public sealed record BoardSettings(string DisplayName, bool PublicRead, DateTimeOffset CreatedAt);
