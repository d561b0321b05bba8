namespace Leaderboards.Testing;

/// <summary>
/// The external commands the tests run, each with the Debian package that provides it. A missing one fails the test
/// with one line that says how to get it: never a silent skip.
/// </summary>
public static class RequiredTool
{
    private static readonly Dictionary<string, string> s_packages = new(StringComparer.Ordinal)
    {
        ["chromium"] = "chromium",
        ["promtool"] = "prometheus",
        ["prometheus"] = "prometheus",
        ["redis-server"] = "redis-server",
        ["redis-cli"] = "redis-tools",
        ["openssl"] = "openssl",
        ["bash"] = "bash",
    };

    /// <summary>The full path of <paramref name="command"/> (a name looked up on PATH, or a path).</summary>
    /// <exception cref="MissingToolException">The command is not installed.</exception>
    public static string Find(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
            return File.Exists(command) ? command : throw Missing(Path.GetFileName(command));
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
                return candidate;
        }
        throw Missing(command);
    }

    private static MissingToolException Missing(string command) =>
        new(s_packages.TryGetValue(command, out string? package)
            ? $"{command} not found: run ./test.sh, or apt-get install {package}"
            : $"{command} not found: run ./test.sh");
}
