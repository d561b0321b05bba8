namespace Leaderboards.Service.Errors;

/// <summary>A field of the request is missing or has a value the service does not accept.</summary>
public sealed class InvalidFieldException(string field, string message) : ServiceException(message, field);
