using System.Reflection;
using System.Runtime.CompilerServices;

namespace Leaderboards.Architecture.Tests.Support;

/// <summary>
/// Which namespace of an assembly uses which, from the types each top-level type uses (<see cref="TypeDependencies"/>)
/// within the same assembly. An <c>Internal</c> folder is its parent's private part: a namespace at or under
/// <c>X.Internal</c> counts as <c>X</c>. Compiler-generated top-level types (anonymous types,
/// <c>&lt;PrivateImplementationDetails&gt;</c>) are left out; compiler-generated nested types count as the top-level
/// type that declares them.
/// </summary>
public sealed class NamespaceGraph
{
    /// <summary>The node for types outside any namespace.</summary>
    public const string GlobalNamespace = "(global namespace)";

    private const string InternalSegment = "Internal";

    private readonly Dictionary<string, List<NamespaceEdge>> _outgoing;

    private NamespaceGraph(IReadOnlyList<string> namespaces, IReadOnlyList<NamespaceEdge> edges)
    {
        Namespaces = namespaces;
        Edges = edges;
        _outgoing = namespaces.ToDictionary(name => name, _ => new List<NamespaceEdge>(), StringComparer.Ordinal);
        foreach (NamespaceEdge edge in edges)
            _outgoing[edge.From].Add(edge);
    }

    /// <summary>Every namespace (after folding) that holds a type, in ordinal order.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>Every edge between two different namespaces, in ordinal order of source then target.</summary>
    public IReadOnlyList<NamespaceEdge> Edges { get; }

    /// <summary>The graph of <paramref name="assembly"/>, or of its namespaces at and under <paramref name="namespacePrefix"/>.</summary>
    public static NamespaceGraph Of(Assembly assembly, string? namespacePrefix = null)
    {
        List<Type> types = TopLevelTypes(assembly)
            .Where(type => namespacePrefix is null || IsAtOrUnder(type.Namespace, namespacePrefix))
            .ToList();
        var typeSet = types.ToHashSet();
        var uses = new SortedDictionary<(string From, string To), SortedSet<(string User, string Used)>>();
        var evidence = new Dictionary<(string User, string Used), TypeUse>();
        foreach (Type user in types)
        {
            string from = NodeOf(user.Namespace);
            foreach (Type dependency in TypeDependencies.Of(user))
            {
                if (dependency.Assembly != assembly)
                    continue;
                Type used = TypeDependencies.Outermost(dependency);
                string to = NodeOf(used.Namespace);
                if (!typeSet.Contains(used) || to == from)
                    continue;
                var pair = (TypeUse.Display(user), TypeUse.Display(used));
                if (!uses.TryGetValue((from, to), out SortedSet<(string, string)>? pairs))
                    uses[(from, to)] = pairs = new SortedSet<(string, string)>(Comparer<(string, string)>.Create(CompareOrdinal));
                pairs.Add(pair);
                evidence[pair] = new TypeUse(user, used);
            }
        }
        var edges = uses
            .Select(entry => new NamespaceEdge(entry.Key.From, entry.Key.To, entry.Value.Select(pair => evidence[pair]).ToList()))
            .OrderBy(edge => edge.From, StringComparer.Ordinal)
            .ThenBy(edge => edge.To, StringComparer.Ordinal)
            .ToList();
        var namespaces = types.Select(type => NodeOf(type.Namespace)).Distinct().Order(StringComparer.Ordinal).ToList();
        return new NamespaceGraph(namespaces, edges);
    }

    /// <summary>The node a namespace counts as: <c>X</c> for <c>X.Internal</c> and for any namespace under it.</summary>
    public static string NodeOf(string? @namespace)
    {
        if (string.IsNullOrEmpty(@namespace))
            return GlobalNamespace;
        string[] segments = @namespace.Split('.');
        int at = Array.IndexOf(segments, InternalSegment, 1);
        return at < 0 ? @namespace : string.Join('.', segments[..at]);
    }

    /// <summary>Every set of two or more namespaces that reach each other, in ordinal order of their first namespace.</summary>
    public IReadOnlyList<NamespaceCycle> Cycles()
    {
        var cycles = new List<NamespaceCycle>();
        foreach (List<string> component in StronglyConnectedComponents().Where(component => component.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var inside = Edges.Where(edge => members.Contains(edge.From) && members.Contains(edge.To)).ToList();
            var sorted = component.Order(StringComparer.Ordinal).ToList();
            cycles.Add(new NamespaceCycle(sorted, inside, ShortestLoop(sorted[0], members)));
        }
        return cycles.OrderBy(cycle => cycle.Namespaces[0], StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<Type> TopLevelTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            string reasons = string.Join("; ", partial.LoaderExceptions.Select(error => error?.Message).Distinct());
            throw new InvalidOperationException($"{assembly.GetName().Name}: some types do not load, so its graph would be partial: {reasons}", partial);
        }
        return types.Where(type => type.DeclaringType is null && !type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
            && !type.Name.StartsWith('<'));
    }

    private static bool IsAtOrUnder(string? @namespace, string prefix) =>
        @namespace is not null && (@namespace == prefix || @namespace.StartsWith(prefix + ".", StringComparison.Ordinal));

    private static int CompareOrdinal((string, string) left, (string, string) right)
    {
        int first = string.CompareOrdinal(left.Item1, right.Item1);
        return first != 0 ? first : string.CompareOrdinal(left.Item2, right.Item2);
    }

    // Tarjan's algorithm; the graphs are a few dozen namespaces, so recursion depth is no concern.
    private List<List<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = lowLink[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (NamespaceEdge edge in _outgoing[node])
            {
                if (!index.ContainsKey(edge.To))
                {
                    Visit(edge.To);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[edge.To]);
                }
                else if (onStack.Contains(edge.To))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[edge.To]);
                }
            }
            if (lowLink[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            components.Add(component);
        }

        foreach (string node in Namespaces)
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return components;
    }

    // Breadth-first from start's successors back to start, inside the component.
    private IReadOnlyList<string> ShortestLoop(string start, HashSet<string> members)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            string node = queue.Dequeue();
            foreach (NamespaceEdge edge in _outgoing[node].Where(edge => members.Contains(edge.To)))
            {
                if (edge.To == start)
                {
                    var loop = new List<string> { start };
                    for (string step = node; step != start; step = cameFrom[step])
                        loop.Add(step);
                    loop.Add(start);
                    loop.Reverse();
                    return loop;
                }
                if (cameFrom.TryAdd(edge.To, node))
                    queue.Enqueue(edge.To);
            }
        }
        throw new InvalidOperationException($"{start} is in a cycle but no loop leads back to it");
    }
}
