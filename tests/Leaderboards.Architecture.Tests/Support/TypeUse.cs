namespace Leaderboards.Architecture.Tests.Support;

/// <summary>One top-level type using another: the evidence behind a namespace edge.</summary>
public sealed record TypeUse(Type User, Type Used)
{
    public override string ToString() => $"{Display(User)} uses {Display(Used)}";

    /// <summary>A type's full name as C# writes it for a top-level type: <c>Ns.Name</c>, with a generic arity as <c>&lt;&gt;</c>.</summary>
    public static string Display(Type type)
    {
        string name = type.FullName ?? type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : $"{name[..tick]}<{new string(',', type.GetGenericArguments().Length - 1)}>";
    }
}
