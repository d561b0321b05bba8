namespace Leaderboards.Engine.Tests.Support;

/// <summary>What the test logs throw when told to refuse an append, as a full disk would.</summary>
public sealed class LogRefusedException() : IOException("The log refused the append.");
