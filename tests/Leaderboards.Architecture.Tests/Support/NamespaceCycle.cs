using System.Text;

namespace Leaderboards.Architecture.Tests.Support;

/// <summary>
/// Namespaces that reach each other through their uses (a strongly connected component of the namespace graph), with
/// every edge among them and one shortest loop through them as a starting point.
/// </summary>
public sealed record NamespaceCycle(IReadOnlyList<string> Namespaces, IReadOnlyList<NamespaceEdge> Edges, IReadOnlyList<string> ShortestLoop)
{
    private const int ExamplesPerEdge = 3;

    /// <summary>The cycle for a test failure: the namespaces, a loop, then each edge with its count of type pairs and examples.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"  {string.Join(", ", Namespaces)}");
        text.AppendLine($"    loop: {string.Join(" -> ", ShortestLoop)}");
        text.AppendLine("    edges (fewest uses first: the thin edges are usually the ones pointing the wrong way):");
        foreach (NamespaceEdge edge in Edges.OrderBy(edge => edge.Uses.Count).ThenBy(edge => edge.From, StringComparer.Ordinal).ThenBy(edge => edge.To, StringComparer.Ordinal))
        {
            text.AppendLine($"      {edge.From} -> {edge.To}: {edge.Uses.Count} type pair{(edge.Uses.Count == 1 ? "" : "s")}");
            foreach (TypeUse use in edge.Uses.Take(ExamplesPerEdge))
                text.AppendLine($"        {use}");
            if (edge.Uses.Count > ExamplesPerEdge)
                text.AppendLine($"        ... and {edge.Uses.Count - ExamplesPerEdge} more");
        }
        return text.ToString();
    }
}
