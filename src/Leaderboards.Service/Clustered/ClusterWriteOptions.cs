using Leaderboards.Redis;

namespace Leaderboards.Service.Clustered;

/// <summary>How a cluster board acknowledges writes.</summary>
public sealed record ClusterWriteOptions
{
    /// <summary>Replicas that must hold a write before it is acknowledged (0: the master's word is enough).</summary>
    public int WaitReplicas { get; init; }

    /// <summary>How long a write waits for those replicas before it is refused as possibly not applied.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns once <see cref="WaitReplicas"/> replicas of <paramref name="key"/>'s master hold the writes sent to it
    /// so far (at once when none are required).
    /// </summary>
    /// <exception cref="ReplicationShortfallException">Fewer acknowledged within <see cref="WaitTimeout"/>; <paramref name="subject"/> names what was written.</exception>
    internal async ValueTask EnsureReplicatedAsync(RedisClient redis, string key, string subject, CancellationToken cancellationToken)
    {
        if (WaitReplicas == 0)
            return;
        long acknowledged = await redis.WaitForReplicasAsync(key, WaitReplicas, WaitTimeout, cancellationToken).ConfigureAwait(false);
        if (acknowledged < WaitReplicas)
            throw new ReplicationShortfallException(subject, acknowledged, WaitReplicas);
    }
}
