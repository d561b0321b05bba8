namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>Uses <see cref="BodyOnlyTarget"/> only inside a method body: no field, parameter or return type names it.</summary>
public sealed class BodyOnlyUser
{
    public int Run() => BodyOnlyTarget.Answer();
}
