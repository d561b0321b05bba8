using Leaderboards.Architecture.Tests.Fixtures.CycleB;

namespace Leaderboards.Architecture.Tests.Fixtures.CycleA;

/// <summary>Half of a namespace cycle: uses <see cref="CycleBType"/> in a method body, and is used by it.</summary>
public sealed class CycleAType
{
    public static string Name => nameof(CycleAType);

    public string Partner() => CycleBType.Name;
}
