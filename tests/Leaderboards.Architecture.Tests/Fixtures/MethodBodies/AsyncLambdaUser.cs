namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>
/// Uses <see cref="LambdaTarget"/> only in a lambda that captures a local of an async method, so the call sits in a
/// compiler-generated closure class and the method's state machine, both nested types.
/// </summary>
public sealed class AsyncLambdaUser
{
    public async Task<int> RunAsync(int value)
    {
        await Task.Yield();
        Func<int> twice = () => LambdaTarget.Twice(value);
        return twice();
    }
}
