using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Security;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>Creating, configuring, listing and deleting boards.</summary>
public static class BoardsApi
{
    public static RouteGroupBuilder MapBoardsApi(this RouteGroupBuilder api)
    {
        var boards = api.MapGroup("/boards").WithTags("Boards");

        boards.MapPut("/{boardId}", PutBoardAsync)
            .Requires(Policies.Admin)
            .AcceptsJson<BoardRequest>()
            .WithName("PutBoard")
            .WithSummary("Create a board, or change the given fields of an existing one (admin)")
            .WithDescription("Fields left out keep their current values (defaults on create). order, updatePolicy, rankMode, minScore, maxScore and partitions can change only while the board is empty: otherwise 409.")
            .Fails(Problems.Conflict, Problems.StorageUnavailable);

        boards.MapGet("/", ListBoardsAsync)
            .Requires(Policies.ReadAny)
            .WithName("ListBoards")
            .WithSummary("List every board with its configuration and entry count");

        boards.MapGet("/{boardId}", GetBoardAsync)
            .Requires(Policies.Read)
            .WithName("GetBoard")
            .WithSummary("A board's configuration, entry count, partitions and replica lag")
            .OnBoard();

        boards.MapDelete("/{boardId}", DeleteBoardAsync)
            .Requires(Policies.Admin)
            .WithName("DeleteBoard")
            .WithSummary("Delete a board and every entry on it (admin)")
            .OnBoard()
            .Fails(Problems.StorageUnavailable);

        return api;
    }

    private static async Task<Results<Created<BoardResponse>, Ok<BoardResponse>>> PutBoardAsync(
        string boardId, HttpContext context, BoardCatalog catalog)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.BoardRequest);
        var (board, created) = await catalog.PutAsync(boardId, request.ToChange(), context.RequestAborted);
        var response = await board.ToResponseAsync(withPartitions: true, context.RequestAborted);
        return created ? TypedResults.Created($"/api/v1/boards/{boardId}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<BoardsResponse>> ListBoardsAsync(BoardCatalog catalog, CancellationToken cancellationToken)
    {
        var boards = new List<BoardResponse>();
        foreach (var board in catalog.All)
            boards.Add(await board.ToResponseAsync(withPartitions: false, cancellationToken));
        return TypedResults.Ok(new BoardsResponse(boards));
    }

    private static async Task<Ok<BoardResponse>> GetBoardAsync(string boardId, BoardCatalog catalog, CancellationToken cancellationToken) =>
        catalog.TryGet(boardId, out var board)
            ? TypedResults.Ok(await board.ToResponseAsync(withPartitions: true, cancellationToken))
            : throw new BoardNotFoundException(boardId);

    private static async Task<NoContent> DeleteBoardAsync(string boardId, BoardCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteAsync(boardId, cancellationToken) ? TypedResults.NoContent() : throw new BoardNotFoundException(boardId);
}
