namespace Leaderboards.Engine;

/// <summary>The ranking rules of one board. Immutable; a changed board gets a new instance.</summary>
public sealed record BoardOptions
{
    /// <summary>The most partitions a board may have.</summary>
    public const int MaxPartitions = 256;

    /// <summary>The most read replicas a partition may have.</summary>
    public const int MaxReplicas = 5;

    /// <summary>
    /// The partition count used when none is given. One: on the 2-core machines this runs on, one partition gave the
    /// most score changes a second with 8 concurrent writers and the cheapest ranks; more partitions only speed up a
    /// bulk import. See docs/benchmarks.md, "Default partition count".
    /// </summary>
    public const int DefaultPartitions = 1;

    public SortOrder Order { get; init; } = SortOrder.Descending;

    public UpdatePolicy UpdatePolicy { get; init; } = UpdatePolicy.Best;

    public RankMode RankMode { get; init; } = RankMode.Ordinal;

    /// <summary>The lowest score the board stores, inclusive; null for no bound.</summary>
    public long? MinScore { get; init; }

    /// <summary>The highest score the board stores, inclusive; null for no bound.</summary>
    public long? MaxScore { get; init; }

    /// <summary>How many partitions the players are spread over (1..256).</summary>
    public int Partitions { get; init; } = DefaultPartitions;

    /// <summary>Read replicas per partition (0..5).</summary>
    public int Replicas { get; init; }

    /// <summary>Throws <see cref="LeaderboardValidationException"/> when the options are inconsistent.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Order))
            throw new LeaderboardValidationException("order", "order must be desc or asc.");
        if (!Enum.IsDefined(UpdatePolicy))
            throw new LeaderboardValidationException("updatePolicy", "updatePolicy must be best, latest or sum.");
        if (!Enum.IsDefined(RankMode))
            throw new LeaderboardValidationException("rankMode", "rankMode must be ordinal or competition.");
        if (MinScore is { } min && MaxScore is { } max && min > max)
            throw new LeaderboardValidationException("minScore", "minScore must not be greater than maxScore.");
        if (Partitions is < 1 or > MaxPartitions)
            throw new LeaderboardValidationException("partitions", $"partitions must be between 1 and {MaxPartitions}.");
        if (Replicas is < 0 or > MaxReplicas)
            throw new LeaderboardValidationException("replicas", $"replicas must be between 0 and {MaxReplicas}.");
    }
}
