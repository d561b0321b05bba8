namespace Leaderboards.Service.Errors;

/// <summary>The request contradicts the current state (e.g. changing the order of a board that has entries).</summary>
public sealed class ConflictException(string message, string? field) : ServiceException(message, field);
