namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>Called from <see cref="BodyOnlyUser"/>'s method body and nowhere in its signatures.</summary>
public static class BodyOnlyTarget
{
    public static int Answer() => 42;
}
