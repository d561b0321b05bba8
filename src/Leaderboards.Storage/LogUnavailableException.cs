namespace Leaderboards.Storage;

/// <summary>The log could not take a write (disk full, I/O error); the write was not acknowledged.</summary>
public sealed class LogUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
