namespace Leaderboards.Service.Embedded;

/// <summary>How the log names a board's season: its id and the season's incarnation.</summary>
internal sealed record LogTag(string BoardId, ulong Incarnation);
