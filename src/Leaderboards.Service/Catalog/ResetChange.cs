namespace Leaderboards.Service.Catalog;

/// <summary>The season fields of a <see cref="BoardChange"/>; null keeps the current value.</summary>
public sealed record ResetChange(string? Every, string? TimeZone, string? WeekStartsOn, int? Keep);
