using Leaderboards.Contracts;
using Leaderboards.Service.Catalog;

namespace Leaderboards.Server.Api.Internal;

/// <summary>Wire requests to the service's own types.</summary>
internal static class RequestMapping
{
    public static BoardChange ToChange(this BoardRequest request) => new()
    {
        DisplayName = request.DisplayName,
        Order = request.Order,
        UpdatePolicy = request.UpdatePolicy,
        RankMode = request.RankMode,
        MinScore = request.MinScore,
        MaxScore = request.MaxScore,
        Partitions = request.Partitions,
        Replicas = request.Replicas,
        PublicRead = request.PublicRead,
        Reset = request.Reset is { } reset ? new ResetChange(reset.Every, reset.TimeZone, reset.WeekStartsOn, reset.Keep) : null,
        EntryTtl = request.EntryTtl,
    };
}
