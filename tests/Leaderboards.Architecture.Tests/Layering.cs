using System.Reflection;

namespace Leaderboards.Architecture.Tests;

/// <summary>
/// The layering of the src projects. A project references only projects below it; the engine, the wire contracts and
/// the Redis client stand alone; the service holds the rules with no web host, so it knows neither ASP.NET Core nor the
/// wire types.
/// </summary>
public static class Layering
{
    private const string Engine = "Leaderboards.Engine";
    private const string Contracts = "Leaderboards.Contracts";
    private const string Storage = "Leaderboards.Storage";
    private const string Service = "Leaderboards.Service";
    private const string Server = "Leaderboards.Server";
    private const string Redis = "Leaderboards.Redis";
    private const string Cli = "Leaderboards.Cli";

    public static IReadOnlyList<Layer> All { get; } =
    [
        new(Engine, Engine, [], []),
        new(Contracts, Contracts, [], []),
        new(Storage, Storage, [Engine], []),
        new(Service, Service, [Storage, Redis, Engine], ["Microsoft.AspNetCore"]),
        new(Server, Server, [Service, Storage, Redis, Engine, Contracts], []),
        new(Redis, Redis, [], []),
        new(Cli, "leaderboards", [Contracts], []),
    ];

    /// <summary>The projects, one theory row each.</summary>
    public static TheoryData<string> Projects()
    {
        var rows = new TheoryData<string>();
        foreach (Layer layer in All)
            rows.Add(layer.Project);
        return rows;
    }

    public static Layer Named(string project) =>
        All.SingleOrDefault(layer => layer.Project == project) ?? throw new ArgumentException($"{project} is not in the layering table", nameof(project));

    /// <summary>The project that builds <paramref name="assemblyName"/>, or null when the assembly is not ours.</summary>
    public static Layer? Building(string assemblyName) =>
        All.SingleOrDefault(layer => string.Equals(layer.AssemblyName, assemblyName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="assemblyName"/> is one of ours: in the table, or named like our projects.</summary>
    public static bool IsOurs(string assemblyName) =>
        Building(assemblyName) is not null || assemblyName.StartsWith("Leaderboards.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads the project's assembly from the test output; fails the test, saying what to add, when it is not there.</summary>
    public static Assembly Load(Layer layer)
    {
        try
        {
            return Assembly.Load(new AssemblyName(layer.AssemblyName));
        }
        catch (FileNotFoundException)
        {
            Assert.Fail($"{layer.AssemblyName}.dll is not in the test output, so {layer.Project} goes unchecked. " +
                $"Add to tests/Leaderboards.Architecture.Tests/Leaderboards.Architecture.Tests.csproj: {layer.ProjectReference}");
            throw;
        }
    }
}
