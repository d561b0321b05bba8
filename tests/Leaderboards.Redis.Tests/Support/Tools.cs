namespace Leaderboards.Redis.Tests.Support;

/// <summary>The external commands the tests run. A missing one fails the test with one line saying how to get it.</summary>
internal static class Tools
{
    private static readonly Dictionary<string, string> s_packages = new(StringComparer.Ordinal)
    {
        ["redis-server"] = "redis-server redis-tools",
        ["redis-cli"] = "redis-server redis-tools",
        ["openssl"] = "openssl",
        ["bash"] = "bash",
    };

    /// <summary>The full path of <paramref name="command"/> on PATH.</summary>
    /// <exception cref="InvalidOperationException">The command is not installed.</exception>
    public static string Find(string command)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{command} not found: run ./test.sh, or apt-get install {s_packages.GetValueOrDefault(command, command)}");
    }

    /// <summary>The repository root (where Leaderboards.sln is).</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leaderboards.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Leaderboards.sln not found above the test's directory.");
    }

    /// <summary>A new empty directory under the system's temporary directory.</summary>
    public static string NewTempDirectory(string prefix)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
