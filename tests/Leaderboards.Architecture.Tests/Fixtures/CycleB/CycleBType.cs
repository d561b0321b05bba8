using Leaderboards.Architecture.Tests.Fixtures.CycleA;

namespace Leaderboards.Architecture.Tests.Fixtures.CycleB;

/// <summary>The other half of the namespace cycle: uses <see cref="CycleAType"/> in a method body.</summary>
public sealed class CycleBType
{
    public static string Name => nameof(CycleBType);

    public string Partner() => CycleAType.Name;
}
