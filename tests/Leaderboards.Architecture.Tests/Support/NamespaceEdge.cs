namespace Leaderboards.Architecture.Tests.Support;

/// <summary>Namespace <see cref="From"/> uses <see cref="To"/>: every pair of top-level types that makes it so, in name order.</summary>
public sealed record NamespaceEdge(string From, string To, IReadOnlyList<TypeUse> Uses)
{
    public override string ToString() => $"{From} -> {To}";
}
