using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Observability;
using Leaderboards.Server.Security;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>Submitting and removing scores.</summary>
public static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/boards/{boardId}").WithTags("Scores");

        board.MapPost("/scores", SubmitAsync)
            .Requires(Policies.Write)
            .AcceptsJson<ScoreRequest>()
            .OnBoard()
            .WithName("SubmitScore")
            .WithSummary("Submit one player's score; answers the new rank, the previous rank and whether the entry improved (writer)")
            .Fails(Problems.StorageUnavailable);

        board.MapPost("/scores/batch", SubmitBatchAsync)
            .Requires(Policies.Write)
            .AcceptsJson<ScoreBatchRequest>()
            .OnBoard()
            .WithName("SubmitScores")
            .WithSummary("Submit up to 10,000 scores, applied only if every one is valid; an error names the bad entry's index (writer)")
            .Fails(Problems.StorageUnavailable);

        board.MapDelete("/players/{playerId}", RemovePlayerAsync)
            .Requires(Policies.Write)
            .WithName("RemovePlayer")
            .WithSummary("Remove a player's entry from the board (writer)")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.PlayerNotFound, Problems.StorageUnavailable);

        return api;
    }

    private static async Task<Ok<SubmitResponse>> SubmitAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.ScoreRequest);
        var submission = Submissions.From(request.PlayerId, request.Score, request.Subscore, request.Metadata);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var season = await lease.Handle.CurrentSeasonAsync(context.RequestAborted);
        var result = await season.Board.SubmitAsync(submission, context.RequestAborted);
        metrics.ScoresSubmitted(boardId, 1);
        return TypedResults.Ok(result.ToResponse(season.Id));
    }

    private static async Task<Ok<ScoreBatchResponse>> SubmitBatchAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.ScoreBatchRequest);
        if (request.Entries is not { Count: > 0 and <= Board.MaxBatch } entries)
            throw new InvalidFieldException("entries", $"entries must hold 1 to {Board.MaxBatch} scores.");
        var submissions = new ScoreSubmission[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            submissions[i] = entries[i] is { } entry
                ? Submissions.From(entry.PlayerId, entry.Score, entry.Subscore, entry.Metadata, $"entries[{i}].")
                : throw new InvalidFieldException($"entries[{i}]", $"entries[{i}] must be an object.");
        }
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var season = await lease.Handle.CurrentSeasonAsync(context.RequestAborted);
        var results = await season.Board.SubmitBatchAsync(submissions, context.RequestAborted);
        metrics.ScoresSubmitted(boardId, results.Count);
        var responses = new List<SubmitResponse>(results.Count);
        foreach (var result in results)
            responses.Add(result.ToResponse(season.Id));
        return TypedResults.Ok(new ScoreBatchResponse(responses.Count, responses));
    }

    private static async Task<NoContent> RemovePlayerAsync(string boardId, string playerId, BoardCatalog catalog, CancellationToken cancellationToken)
    {
        using var lease = await catalog.EnterAsync(boardId, cancellationToken);
        var season = await lease.Handle.CurrentSeasonAsync(cancellationToken);
        return await season.Board.RemoveAsync(playerId, cancellationToken)
            ? TypedResults.NoContent()
            : throw new PlayerNotFoundException(boardId, playerId);
    }

}
