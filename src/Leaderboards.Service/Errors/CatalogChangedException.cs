namespace Leaderboards.Service.Errors;

/// <summary>
/// Cluster mode: another node recorded a catalog change first, so this one was not recorded. Operations that can be
/// decided again catch up and retry; what reaches a client is a 409 that may be sent again.
/// </summary>
public sealed class CatalogChangedException(string message) : ServiceException(message, null);
