namespace Leaderboards.Service.Errors;

/// <summary>
/// A request the service refuses, thrown before anything is changed. Each subtype is one kind of refusal; the web host
/// maps each to one problem response.
/// </summary>
public abstract class ServiceException(string message, string? field) : Exception(message)
{
    /// <summary>The request field the refusal is about, when there is one (e.g. <c>boardId</c>, <c>entries[3].score</c>).</summary>
    public string? Field { get; } = field;
}
