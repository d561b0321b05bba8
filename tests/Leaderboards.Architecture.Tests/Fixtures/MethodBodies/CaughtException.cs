namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>Named only by <see cref="CatchUser"/>'s catch clause.</summary>
public sealed class CaughtException : Exception
{
}
