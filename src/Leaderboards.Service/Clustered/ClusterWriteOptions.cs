namespace Leaderboards.Service.Clustered;

/// <summary>How a cluster board acknowledges writes.</summary>
public sealed record ClusterWriteOptions
{
    /// <summary>Replicas that must hold a write before it is acknowledged (0: the master's word is enough).</summary>
    public int WaitReplicas { get; init; }

    /// <summary>How long a write waits for those replicas before it is refused as possibly not applied.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
