namespace Leaderboards.Redis.Tests.Support;

/// <summary>A cluster of its own for the failover test, which kills one of its masters.</summary>
public sealed class FailoverClusterFixture : ClusterFixture
{
}
