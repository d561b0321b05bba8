namespace Leaderboards.Architecture.Tests;

/// <summary>The layering table covers every project under src/, so a new project cannot go unchecked.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void EverySrcProject_IsInTheLayering()
    {
        DirectoryInfo root = RepositoryRoot();
        var projects = Directory.GetFiles(Path.Combine(root.FullName, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)
            .ToList();

        var missing = projects.Where(project => Layering.All.All(layer => layer.Project != project)).ToList();

        Assert.True(missing.Count == 0,
            $"src/ holds {string.Join(", ", missing)}, which Layering.All does not list: add a row saying what it may reference, " +
            "and a ProjectReference to it in the architecture test project.");
    }

    private static DirectoryInfo RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leaderboards.sln")))
                return directory;
        }
        throw new InvalidOperationException($"no Leaderboards.sln above {AppContext.BaseDirectory}");
    }
}
