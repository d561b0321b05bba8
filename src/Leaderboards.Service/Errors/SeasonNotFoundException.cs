namespace Leaderboards.Service.Errors;

/// <summary>The board has no season with the id (it never existed or was dropped by retention).</summary>
public sealed class SeasonNotFoundException(string boardId, string? season)
    : ServiceException($"Board '{boardId}' has no season '{season}'; GET /api/v1/boards/{boardId}/seasons lists them.", "season");
