namespace Leaderboards.Service.Catalog;

/// <summary>
/// The fields a create or reconfigure request gives; null keeps the current value (the default on create). Names are the
/// API's: <c>desc</c>/<c>asc</c>, <c>best</c>/<c>latest</c>/<c>sum</c>, <c>ordinal</c>/<c>competition</c>, TTLs like <c>30d</c>.
/// </summary>
public sealed record BoardChange
{
    public string? DisplayName { get; init; }

    public string? Order { get; init; }

    public string? UpdatePolicy { get; init; }

    public string? RankMode { get; init; }

    public long? MinScore { get; init; }

    public long? MaxScore { get; init; }

    public int? Partitions { get; init; }

    public int? Replicas { get; init; }

    public bool? PublicRead { get; init; }

    public ResetChange? Reset { get; init; }

    public string? EntryTtl { get; init; }
}
