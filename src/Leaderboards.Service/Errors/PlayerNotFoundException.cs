namespace Leaderboards.Service.Errors;

/// <summary>The player has no entry on the board (or the board's season asked for).</summary>
public sealed class PlayerNotFoundException(string boardId, string playerId)
    : ServiceException($"Player '{playerId}' has no entry on board '{boardId}'.", "playerId");
