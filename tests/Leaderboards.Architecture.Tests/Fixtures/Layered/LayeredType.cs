using Leaderboards.Architecture.Tests.Fixtures.Layered.Internal;

namespace Leaderboards.Architecture.Tests.Fixtures.Layered;

/// <summary>A public type that uses its namespace's private part, which uses it back: no cycle, one namespace.</summary>
public sealed class LayeredType
{
    public int Size => LayeredHelper.Measure(this);
}
