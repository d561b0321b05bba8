using Leaderboards.Contracts;
using Leaderboards.Engine.Boards;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Observability;
using Leaderboards.Server.Security;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>
/// Ranked reads. Every read takes <c>consistency=strong</c> for read-your-writes (the partition owners answer); by default
/// a replica may answer.
/// </summary>
public static class QueriesApi
{
    public static RouteGroupBuilder MapQueriesApi(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/boards/{boardId}").WithTags("Queries").Requires(Policies.Read);

        board.MapGet("/top", TopAsync)
            .WithName("GetTop")
            .WithSummary("The first entries by rank: limit 1..1000, default 10")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound);

        board.MapGet("/entries", PageAsync)
            .WithName("GetEntries")
            .WithSummary("A page of entries by rank: offset from 0, limit 1..1000 (default 100)")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound);

        board.MapGet("/players/{playerId}", PlayerAsync)
            .WithName("GetPlayer")
            .WithSummary("A player's rank, score, subscore, percentile and metadata; 404 when the player has no entry")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound, Problems.PlayerNotFound);

        board.MapGet("/players/{playerId}/around", AroundAsync)
            .WithName("GetAround")
            .WithSummary("The player and up to count (1..100, default 5) neighbours above and below")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound, Problems.PlayerNotFound);

        board.MapPost("/players/query", QueryAsync)
            .AcceptsJson<PlayersQueryRequest>()
            .WithName("QueryPlayers")
            .WithSummary("Ranks of up to 1,000 players (a friends list): the ones with an entry, in rank order")
            .OnBoard()
            .Fails(Problems.SeasonNotFound);

        board.MapGet("/count", CountAsync)
            .WithName("CountEntries")
            .WithSummary("Entries with a score in [min, max]; both bounds optional")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound);

        board.MapGet("/seasons", SeasonsAsync)
            .WithName("ListSeasons")
            .WithSummary("The board's seasons, oldest first, with start, end and entry count (archived ones are read-only and keep full ranking queries)")
            .OnBoard();

        return api;
    }

    private static async Task<Ok<SeasonsResponse>> SeasonsAsync(string boardId, HttpContext context, BoardCatalog catalog)
    {
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        await lease.Handle.CurrentSeasonAsync(context.RequestAborted);
        var seasons = lease.Handle.Seasons;
        var counts = new long[seasons.Count];
        for (int i = 0; i < counts.Length; i++)
            counts[i] = await seasons[i].Board.CountAsync(Engine.ReadConsistency.Strong, context.RequestAborted);
        return TypedResults.Ok(new SeasonsResponse(boardId, [.. seasons.Select((s, i) =>
            new SeasonResponse(s.Id, s.Start, s.End, counts[i], i == seasons.Count - 1))]));
    }

    private static async Task<Ok<TopResponse>> TopAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("top");
        int limit = QueryParameters.Int(context.Request, "limit", 10, 1, Board.MaxPageSize);
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        // One cut: the total counts the same state the entries come from.
        var page = await board.PageWithTotalAsync(0, limit, consistency, context.RequestAborted);
        return TypedResults.Ok(new TopResponse(page.Total, page.Entries.ToResponses()));
    }

    private static async Task<Ok<PageResponse>> PageAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("entries");
        long offset = QueryParameters.Long(context.Request, "offset", 0) ?? 0;
        int limit = QueryParameters.Int(context.Request, "limit", 100, 1, Board.MaxPageSize);
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        var page = await board.PageWithTotalAsync(offset, limit, consistency, context.RequestAborted);
        return TypedResults.Ok(new PageResponse(page.Total, offset, page.Entries.ToResponses()));
    }

    private static async Task<Ok<PlayerResponse>> PlayerAsync(string boardId, string playerId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("player");
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        var standing = await board.GetPlayerAsync(playerId, consistency, context.RequestAborted)
            ?? throw new PlayerNotFoundException(boardId, playerId);
        return TypedResults.Ok(standing.ToResponse());
    }

    private static async Task<Ok<AroundResponse>> AroundAsync(string boardId, string playerId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("around");
        int count = QueryParameters.Int(context.Request, "count", 5, 1, Board.MaxAround);
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        var around = await board.AroundAsync(playerId, count, consistency, context.RequestAborted)
            ?? throw new PlayerNotFoundException(boardId, playerId);
        return TypedResults.Ok(new AroundResponse(around.Player.ToResponse(), around.Entries.ToResponses()));
    }

    private static async Task<Ok<PlayersQueryResponse>> QueryAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("players");
        var consistency = QueryParameters.Consistency(context.Request);
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.PlayersQueryRequest);
        if (request.PlayerIds is not { Count: <= Board.MaxQueryPlayers } ids)
            throw new InvalidFieldException("playerIds", $"playerIds must be a list of at most {Board.MaxQueryPlayers} player ids.");
        var playerIds = new string[ids.Count];
        for (int i = 0; i < ids.Count; i++)
            playerIds[i] = ids[i] ?? throw new InvalidFieldException($"playerIds[{i}]", $"playerIds[{i}] must be a string.");
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        var standings = await board.QueryPlayersAsync(playerIds, consistency, context.RequestAborted);
        long total = standings.Count > 0 ? standings[0].Total : await board.CountAsync(consistency, context.RequestAborted);
        return TypedResults.Ok(new PlayersQueryResponse(total, [.. standings.Select(s => s.Entry.ToResponse())]));
    }

    private static async Task<Ok<CountResponse>> CountAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("count");
        long? min = QueryParameters.Long(context.Request, "min");
        long? max = QueryParameters.Long(context.Request, "max");
        if (min > max)
            throw new InvalidFieldException("min", "min must not be greater than max.");
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        long count = await board.CountInRangeAsync(min, max, consistency, context.RequestAborted);
        return TypedResults.Ok(new CountResponse(count, min, max));
    }
}
