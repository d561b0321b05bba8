namespace Leaderboards.Service.Clustered;

/// <summary>The Redis Cluster cannot be reached, or is not whole (a slot without an owner, a node not in state ok).</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
