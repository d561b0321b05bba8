namespace Leaderboards.Service.Errors;

/// <summary>The service cannot answer yet: it is recovering or restoring. Retrying shortly is safe.</summary>
public sealed class NotReadyException(string state) : ServiceException($"The service is {state}; retry shortly.", null);
