namespace Leaderboards.Redis.Tests.Support;

/// <summary>Paths the tests work in: the repository (for its scripts) and temporary directories.</summary>
internal static class Tools
{
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
