using Leaderboards.Architecture.Tests.Fixtures.MethodBodies;
using Leaderboards.Architecture.Tests.Support;

namespace Leaderboards.Architecture.Tests;

/// <summary>The dependency reader sees uses that only a method body holds, wherever the compiler put that body.</summary>
public sealed class TypeDependenciesTests
{
    [Fact]
    public void Of_SeesATypeUsedOnlyInsideAMethodBody()
    {
        Assert.Contains(typeof(BodyOnlyTarget), TypeDependencies.Of(typeof(BodyOnlyUser)));
    }

    [Fact]
    public void Of_SeesATypeUsedOnlyInALambdaInsideAnAsyncMethod()
    {
        Assert.Contains(typeof(LambdaTarget), TypeDependencies.Of(typeof(AsyncLambdaUser)));
    }

    [Fact]
    public void Of_SeesATypeNamedOnlyByACatchClause()
    {
        Assert.Contains(typeof(CaughtException), TypeDependencies.Of(typeof(CatchUser)));
    }

    [Fact]
    public void Of_SeesACallThatFollowsASwitchOpcode()
    {
        Assert.Contains(typeof(BodyOnlyTarget), TypeDependencies.Of(typeof(SwitchUser)));
    }

    [Fact]
    public void Of_LeavesOutTypesTheTypeDoesNotUse()
    {
        IReadOnlySet<Type> used = TypeDependencies.Of(typeof(BodyOnlyUser));

        Assert.DoesNotContain(typeof(LambdaTarget), used);
        Assert.DoesNotContain(typeof(CaughtException), used);
    }

    [Fact]
    public void Outermost_AttributesACompilerGeneratedClosureToTheTypeThatWroteIt()
    {
        Type[] nested = typeof(AsyncLambdaUser).GetNestedTypes(System.Reflection.BindingFlags.NonPublic);

        Assert.NotEmpty(nested);
        Assert.All(nested, type => Assert.Equal(typeof(AsyncLambdaUser), TypeDependencies.Outermost(type)));
    }
}
