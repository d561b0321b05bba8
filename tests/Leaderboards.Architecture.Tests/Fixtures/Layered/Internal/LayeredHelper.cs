namespace Leaderboards.Architecture.Tests.Fixtures.Layered.Internal;

/// <summary>The private part of <see cref="LayeredType"/>'s namespace; it takes a <see cref="LayeredType"/>.</summary>
internal static class LayeredHelper
{
    public static int Measure(LayeredType type) => type.GetHashCode() & 0xF;
}
