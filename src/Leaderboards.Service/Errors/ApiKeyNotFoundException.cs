namespace Leaderboards.Service.Errors;

/// <summary>There is no API key with the id (or it was revoked).</summary>
public sealed class ApiKeyNotFoundException(string keyId) : ServiceException($"There is no API key '{keyId}'.", "keyId");
