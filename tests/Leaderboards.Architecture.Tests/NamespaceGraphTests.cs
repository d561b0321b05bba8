using Leaderboards.Architecture.Tests.Fixtures.CycleA;
using Leaderboards.Architecture.Tests.Fixtures.CycleB;
using Leaderboards.Architecture.Tests.Support;

namespace Leaderboards.Architecture.Tests;

/// <summary>The namespace graph finds a cycle between two namespaces and names the types on each edge; an Internal namespace, and what is under it, is its parent.</summary>
public sealed class NamespaceGraphTests
{
    private const string Fixtures = "Leaderboards.Architecture.Tests.Fixtures";
    private const string CycleA = Fixtures + ".CycleA";
    private const string CycleB = Fixtures + ".CycleB";
    private const string Layered = Fixtures + ".Layered";

    private static readonly NamespaceGraph s_fixtures = NamespaceGraph.Of(typeof(NamespaceGraphTests).Assembly, Fixtures);

    [Fact]
    public void Cycles_ReportsTwoNamespacesThatUseEachOther_AndNothingElse()
    {
        NamespaceCycle cycle = Assert.Single(s_fixtures.Cycles());

        Assert.Equal([CycleA, CycleB], cycle.Namespaces);
        Assert.Equal([CycleA, CycleB, CycleA], cycle.ShortestLoop);
        Assert.Equal([$"{CycleA} -> {CycleB}", $"{CycleB} -> {CycleA}"], cycle.Edges.Select(edge => edge.ToString()));
    }

    [Fact]
    public void Cycles_NamesATypePairOnEachEdge()
    {
        NamespaceCycle cycle = Assert.Single(s_fixtures.Cycles());

        Assert.Equal(new TypeUse(typeof(CycleAType), typeof(CycleBType)), Assert.Single(cycle.Edges[0].Uses));
        Assert.Equal(new TypeUse(typeof(CycleBType), typeof(CycleAType)), Assert.Single(cycle.Edges[1].Uses));
        string described = cycle.Describe();
        Assert.Contains($"{CycleA}.CycleAType uses {CycleB}.CycleBType", described, StringComparison.Ordinal);
        Assert.Contains($"{CycleB}.CycleBType uses {CycleA}.CycleAType", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_CountsAnInternalNamespaceAsItsParent_SoTheyMakeNoCycle()
    {
        Assert.Contains(Layered, s_fixtures.Namespaces);
        Assert.DoesNotContain(Layered + ".Internal", s_fixtures.Namespaces);
        Assert.DoesNotContain(s_fixtures.Cycles(), cycle => cycle.Namespaces.Contains(Layered));
    }

    [Theory]
    [InlineData("Leaderboards.Server.Api.Internal", "Leaderboards.Server.Api")]
    [InlineData("Leaderboards.Redis.Internal.Cluster", "Leaderboards.Redis")]
    [InlineData("Leaderboards.Server.Api", "Leaderboards.Server.Api")]
    [InlineData("Leaderboards.Server.Internals", "Leaderboards.Server.Internals")]
    [InlineData(null, NamespaceGraph.GlobalNamespace)]
    public void NodeOf_FoldsAnInternalNamespaceAndWhatIsUnderItIntoItsParent(string? @namespace, string node)
    {
        Assert.Equal(node, NamespaceGraph.NodeOf(@namespace));
    }
}
