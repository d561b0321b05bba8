using Leaderboards.Redis;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// One partition of a cluster board: its size, the master that owns it, and how far its furthest replica trails
/// that master (bytes of the replication stream not yet acknowledged, and seconds since its last acknowledgement);
/// null lags when the master has no replica.
/// </summary>
public sealed record ClusterPartitionStatus(int Partition, long Entries, RedisEndpoint? Master, int Replicas, long? ReplicaLagBytes, long? ReplicaLagSeconds);
