namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>Uses <see cref="CaughtException"/> only as a catch type, which lives in the body's clause table, not its IL.</summary>
public sealed class CatchUser
{
    public bool Run(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (CaughtException)
        {
            return true;
        }
    }
}
