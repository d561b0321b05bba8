using System.Reflection;
using Leaderboards.Architecture.Tests.Support;

namespace Leaderboards.Architecture.Tests;

/// <summary>
/// Each project's assembly references only the projects of ours below it in <see cref="Layering"/>, and none of the
/// assemblies its layer forbids. The compiler drops a reference nothing uses, so a reference here is a real use.
/// </summary>
public sealed class ProjectReferenceTests
{
    private const int ExamplesPerReference = 5;

    [Theory]
    [MemberData(nameof(Layering.Projects), MemberType = typeof(Layering))]
    public void Project_ReferencesOnlyProjectsBelowIt(string project)
    {
        Layer layer = Layering.Named(project);
        Assembly assembly = Layering.Load(layer);
        var allowed = layer.MayReference.Select(name => Layering.Named(name).AssemblyName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var wrong = References(assembly).Where(name => Layering.IsOurs(name) && !allowed.Contains(name)).ToList();

        if (wrong.Count > 0)
        {
            string may = allowed.Count == 0 ? "no other project of ours" : string.Join(", ", layer.MayReference);
            Assert.Fail($"{project} may reference {may}, but references {string.Join(", ", wrong)}.\n" + Evidence(assembly, wrong));
        }
    }

    [Theory]
    [MemberData(nameof(Layering.Projects), MemberType = typeof(Layering))]
    public void Project_ReferencesNoAssemblyItsLayerForbids(string project)
    {
        Layer layer = Layering.Named(project);
        Assembly assembly = Layering.Load(layer);

        var forbidden = References(assembly)
            .Where(name => layer.Forbidden.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        if (forbidden.Count > 0)
        {
            Assert.Fail($"{project} may not reference {string.Join(", ", layer.Forbidden.Select(prefix => prefix + "*"))}, " +
                $"but references {string.Join(", ", forbidden)}.\n" + Evidence(assembly, forbidden));
        }
    }

    private static List<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(name => name.Name ?? "").Order(StringComparer.Ordinal).ToList();

    // Which types make each reference, so the message says what to move.
    private static string Evidence(Assembly assembly, IReadOnlyList<string> references)
    {
        var uses = references.ToDictionary(name => name, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        foreach (Type type in assembly.GetTypes().Where(type => type.DeclaringType is null))
        {
            foreach (Type used in TypeDependencies.Of(type))
            {
                if (used.Assembly.GetName().Name is { } name && uses.TryGetValue(name, out SortedSet<string>? pairs))
                    pairs.Add($"{TypeUse.Display(type)} uses {TypeUse.Display(TypeDependencies.Outermost(used))}");
            }
        }
        return string.Concat(uses.Select(entry =>
            $"  {entry.Key}, used by {entry.Value.Count} type pair{(entry.Value.Count == 1 ? "" : "s")}:\n" +
            string.Concat(entry.Value.Take(ExamplesPerReference).Select(pair => $"    {pair}\n")) +
            (entry.Value.Count > ExamplesPerReference ? $"    ... and {entry.Value.Count - ExamplesPerReference} more\n" : "")));
    }
}
