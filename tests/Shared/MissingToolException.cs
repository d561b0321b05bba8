namespace Leaderboards.Testing;

/// <summary>A command the test needs is not installed. The message says how to install it, and is all the report shows.</summary>
public sealed class MissingToolException(string message) : Exception(message)
{
    /// <summary>None: the one line of the message is the whole story, and a stack trace would bury it.</summary>
    public override string? StackTrace => null;
}
