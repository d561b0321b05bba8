namespace Leaderboards.Cli.Internal;

/// <summary>A failure the CLI reports in one line and turns into its exit code.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    /// <summary>1: the server refused (4xx); 3: the server could not be reached; 4: the server failed (5xx); 5: a local file problem.</summary>
    public int ExitCode { get; } = exitCode;
}
