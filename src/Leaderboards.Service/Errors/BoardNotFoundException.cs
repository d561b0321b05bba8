namespace Leaderboards.Service.Errors;

/// <summary>There is no board with the id.</summary>
public sealed class BoardNotFoundException(string boardId) : ServiceException($"There is no board '{boardId}'.", "boardId")
{
    public string BoardId { get; } = boardId;
}
