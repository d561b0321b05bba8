namespace Leaderboards.Contracts;

/// <summary>Creates a board, or changes the fields given; fields left out keep their current (or default) values.</summary>
public sealed class BoardRequest
{
    public string? DisplayName { get; set; }

    /// <summary>desc (higher first, the default) or asc (lower first, for race times).</summary>
    public string? Order { get; set; }

    /// <summary>best (the default), latest or sum.</summary>
    public string? UpdatePolicy { get; set; }

    /// <summary>ordinal (1,2,3,4, the default) or competition (1,2,2,4).</summary>
    public string? RankMode { get; set; }

    public long? MinScore { get; set; }

    public long? MaxScore { get; set; }

    /// <summary>Partitions the players are spread over (1..256, default 4); fixed once the board has entries.</summary>
    public int? Partitions { get; set; }

    /// <summary>Read replicas per partition (0..5); can change at any time.</summary>
    public int? Replicas { get; set; }

    /// <summary>When true, reads need no API key.</summary>
    public bool? PublicRead { get; set; }

    /// <summary>Seasons: a new empty season at each day, week or month boundary in a time zone; fixed once the board has entries.</summary>
    public ResetRequest? Reset { get; set; }

    /// <summary>Entries not updated for this long drop out: "30d", "12h", "90m", "45s", or "none".</summary>
    public string? EntryTtl { get; set; }
}

public sealed class ResetRequest
{
    /// <summary>none, day, week or month.</summary>
    public string? Every { get; set; }

    /// <summary>An IANA time zone (Europe/Oslo); UTC by default.</summary>
    public string? TimeZone { get; set; }

    /// <summary>monday (default) .. sunday, for weekly seasons.</summary>
    public string? WeekStartsOn { get; set; }

    /// <summary>Archived seasons kept (1..1000, default 10); older ones are dropped.</summary>
    public int? Keep { get; set; }
}

/// <summary>A board's configuration and state.</summary>
public sealed record BoardResponse(
    string Id,
    string DisplayName,
    string Order,
    string UpdatePolicy,
    string RankMode,
    long? MinScore,
    long? MaxScore,
    int Partitions,
    int Replicas,
    bool PublicRead,
    DateTimeOffset CreatedAt,
    long Entries,
    ReplicaLagResponse ReplicaLag,
    IReadOnlyList<PartitionResponse>? PartitionDetails)
{
    public ResetResponse? Reset { get; init; }

    /// <summary>The current season's id ("all" for a board without seasons).</summary>
    public string Season { get; init; } = "all";

    public string? EntryTtl { get; init; }
}

public sealed record ResetResponse(string Every, string TimeZone, string WeekStartsOn, int Keep);

public sealed record SeasonResponse(string Id, DateTimeOffset Start, DateTimeOffset? End, long Entries, bool Current);

public sealed record SeasonsResponse(string BoardId, IReadOnlyList<SeasonResponse> Seasons);

/// <summary>The largest lag of any replica of the board.</summary>
public sealed record ReplicaLagResponse(long MaxOperations, double MaxSeconds);

public sealed record PartitionResponse(int Partition, long Entries, long Sequence, IReadOnlyList<ReplicaResponse> Replicas);

public sealed record ReplicaResponse(int Replica, long AppliedSequence, long LagOperations, double LagSeconds);

public sealed record BoardsResponse(IReadOnlyList<BoardResponse> Boards);
