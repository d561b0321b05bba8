namespace Leaderboards.Storage;

/// <summary>
/// Storage could not take a write (the log still recovering, a full disk, an I/O error): a log append, a new log segment
/// or a snapshot. The write was not acknowledged; it can be retried once the cause is gone.
/// </summary>
public sealed class LogUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
