using Leaderboards.Contracts;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Storage;

namespace Leaderboards.Server.Api.Internal;

/// <summary>Engine results to wire contracts.</summary>
internal static class ResponseMapping
{
    public static EntryResponse ToResponse(this RankedEntry entry) =>
        new(entry.Rank, entry.PlayerId, entry.Score, entry.Subscore, entry.UpdatedAt, entry.Metadata);

    public static List<EntryResponse> ToResponses(this IReadOnlyList<RankedEntry> entries)
    {
        var responses = new List<EntryResponse>(entries.Count);
        foreach (var entry in entries)
            responses.Add(entry.ToResponse());
        return responses;
    }

    public static PlayerResponse ToResponse(this PlayerStanding standing) => new(
        standing.Entry.PlayerId, standing.Entry.Rank, standing.Entry.Score, standing.Entry.Subscore,
        standing.Percentile, standing.Total, standing.Entry.UpdatedAt, standing.Entry.Metadata);

    /// <summary>A write's answer, naming the season it went to.</summary>
    public static SubmitResponse ToResponse(this SubmitResult result, string? season) =>
        new(result.PlayerId, result.Score, result.Subscore, result.Rank, result.PreviousRank, result.Improved) { Season = season };

    /// <summary>The board as the API shows it, with sizes and replica lag asked of its store.</summary>
    public static async Task<BoardResponse> ToResponseAsync(this BoardHandle handle, bool withPartitions, CancellationToken cancellationToken) =>
        handle.ToResponse(await handle.Board.GetStatusAsync(cancellationToken), withPartitions);

    private static BoardResponse ToResponse(this BoardHandle handle, BoardStatus status, bool withPartitions)
    {
        var options = handle.Board.Options;
        long maxLagOperations = 0;
        double maxLagSeconds = 0;
        var partitions = withPartitions ? new List<PartitionResponse>(status.Partitions.Count) : null;
        foreach (var partition in status.Partitions)
        {
            var replicas = new List<ReplicaResponse>(partition.Replicas.Count);
            foreach (var replica in partition.Replicas)
            {
                maxLagOperations = Math.Max(maxLagOperations, replica.LagOperations);
                maxLagSeconds = Math.Max(maxLagSeconds, replica.LagTime.TotalSeconds);
                replicas.Add(new ReplicaResponse(replica.Replica, replica.AppliedSequence, replica.LagOperations, replica.LagTime.TotalSeconds));
            }
            partitions?.Add(new PartitionResponse(partition.Partition, partition.Entries, partition.Sequence, replicas));
        }
        return new BoardResponse(
            handle.Id,
            handle.Settings.DisplayName,
            BoardNames.Name(options.Order),
            BoardNames.Name(options.UpdatePolicy),
            BoardNames.Name(options.RankMode),
            options.MinScore,
            options.MaxScore,
            options.Partitions,
            status.Partitions.Count > 0 ? status.Partitions[0].Replicas.Count : 0,
            handle.Settings.PublicRead,
            handle.Settings.CreatedAt,
            status.Entries,
            new ReplicaLagResponse(maxLagOperations, maxLagSeconds),
            partitions)
        {
            Reset = handle.Settings.Reset.Every == ResetEvery.None ? null : new ResetResponse(
                SeasonReset.Name(handle.Settings.Reset.Every), handle.Settings.Reset.TimeZone,
                handle.Settings.Reset.WeekStartsOn.ToString().ToLowerInvariant(), handle.Settings.Reset.KeepSeasons),
            Season = handle.CurrentSeasonId,
            EntryTtl = handle.Settings.EntryTtl is { } ttl ? BoardNames.FormatTtl(ttl) : null,
        };
    }
}
