using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Boards;
using Leaderboards.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>Creating, configuring, listing and deleting boards.</summary>
public static class BoardsApi
{
    public static RouteGroupBuilder MapBoardsApi(this RouteGroupBuilder api)
    {
        var boards = api.MapGroup("/boards").WithTags("Boards");

        boards.MapPut("/{boardId}", PutBoardAsync)
            .RequireAuthorization(Policies.Admin)
            .Accepts<BoardRequest>("application/json")
            .WithName("PutBoard")
            .WithSummary("Create a board, or change the given fields of an existing one (admin)")
            .WithDescription("Fields left out keep their current values (defaults on create). order, updatePolicy, rankMode, minScore, maxScore and partitions can change only while the board is empty: otherwise 409.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        boards.MapGet("/", ListBoards)
            .RequireAuthorization(Policies.ReadAny)
            .WithName("ListBoards")
            .WithSummary("List every board with its configuration and entry count");

        boards.MapGet("/{boardId}", GetBoard)
            .RequireAuthorization(Policies.Read)
            .WithName("GetBoard")
            .WithSummary("A board's configuration, entry count, partitions and replica lag")
            .ProducesProblem(StatusCodes.Status404NotFound);

        boards.MapDelete("/{boardId}", DeleteBoardAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteBoard")
            .WithSummary("Delete a board and every entry on it (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static async Task<Results<Created<BoardResponse>, Ok<BoardResponse>>> PutBoardAsync(
        string boardId, HttpContext context, BoardRegistry registry)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.BoardRequest);
        var (board, created) = await registry.PutAsync(boardId, request, context.RequestAborted);
        var response = board.ToResponse(withPartitions: true);
        return created ? TypedResults.Created($"/api/v1/boards/{boardId}", response) : TypedResults.Ok(response);
    }

    private static Ok<BoardsResponse> ListBoards(BoardRegistry registry) =>
        TypedResults.Ok(new BoardsResponse([.. registry.All.Select(b => b.ToResponse(withPartitions: false))]));

    private static Ok<BoardResponse> GetBoard(string boardId, BoardRegistry registry) =>
        registry.TryGet(boardId, out var board)
            ? TypedResults.Ok(board.ToResponse(withPartitions: true))
            : throw ApiProblemException.BoardNotFound(boardId);

    private static async Task<NoContent> DeleteBoardAsync(string boardId, BoardRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(boardId, cancellationToken) ? TypedResults.NoContent() : throw ApiProblemException.BoardNotFound(boardId);
}
