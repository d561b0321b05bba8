namespace Leaderboards.Architecture.Tests;

/// <summary>
/// One project of the layering: the assembly it builds, the projects of ours it may reference, and the assembly name
/// prefixes it may not reference at all.
/// </summary>
/// <param name="Project">The project's name, as under src/.</param>
/// <param name="AssemblyName">The assembly the project builds (the CLI's is <c>leaderboards</c>).</param>
/// <param name="MayReference">The projects of ours this one may reference.</param>
/// <param name="Forbidden">Assembly name prefixes this project may not reference, whoever owns them.</param>
public sealed record Layer(string Project, string AssemblyName, IReadOnlyList<string> MayReference, IReadOnlyList<string> Forbidden)
{
    /// <summary>The line the test project needs to load this assembly.</summary>
    public string ProjectReference => $"<ProjectReference Include=\"../../src/{Project}/{Project}.csproj\" />";
}
