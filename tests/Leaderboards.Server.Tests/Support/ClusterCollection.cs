namespace Leaderboards.Server.Tests.Support;

/// <summary>The test classes that run against the service in cluster mode share one cluster, one class at a time.</summary>
[CollectionDefinition(ClusterServer.Collection)]
public sealed class ClusterCollection : ICollectionFixture<ClusterServer>;
