namespace Leaderboards.Server.Tests.Support;

/// <summary>Fresh board ids, so no test sees what another left behind.</summary>
public static class Ids
{
    public static string Board(string prefix = "b") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
}
