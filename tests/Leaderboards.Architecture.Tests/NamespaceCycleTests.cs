using Leaderboards.Architecture.Tests.Support;

namespace Leaderboards.Architecture.Tests;

/// <summary>
/// No project has namespaces that use each other, directly or around a loop: such namespaces cannot be layered or split
/// into projects. A namespace at or under <c>X.Internal</c> counts as <c>X</c>.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Theory]
    [MemberData(nameof(Layering.Projects), MemberType = typeof(Layering))]
    public void Project_HasNoNamespaceCycles(string project)
    {
        NamespaceGraph graph = NamespaceGraph.Of(Layering.Load(Layering.Named(project)));

        IReadOnlyList<NamespaceCycle> cycles = graph.Cycles();

        if (cycles.Count > 0)
        {
            Assert.Fail($"{project} has {cycles.Count} namespace cycle{(cycles.Count == 1 ? "" : "s")} " +
                $"(namespaces that use each other; X.Internal and the namespaces under it count as X). Break each by cutting one edge: " +
                $"move the type that reaches back, or have it depend on an interface declared in its own namespace.\n" +
                string.Join("\n", cycles.Select((cycle, at) => $"Cycle {at + 1}:\n{cycle.Describe()}")));
        }
    }
}
