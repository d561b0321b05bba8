namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>Called only from a lambda inside <see cref="AsyncLambdaUser"/>'s async method.</summary>
public static class LambdaTarget
{
    public static int Twice(int value) => value * 2;
}
