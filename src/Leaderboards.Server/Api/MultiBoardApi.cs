using Leaderboards.Contracts;
using Leaderboards.Engine;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Observability;
using Leaderboards.Server.Security;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Seasons;
using Leaderboards.Service.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>One score for several boards at once (daily, weekly and all-time, say).</summary>
public static class MultiBoardApi
{
    public const int MaxBoards = 20;

    public static RouteGroupBuilder MapMultiBoardApi(this RouteGroupBuilder api)
    {
        api.MapPost("/scores", SubmitAsync)
            .WithTags("Scores")
            .Requires(Policies.Write)
            .AcceptsJson<MultiScoreRequest>()
            .WithName("SubmitToBoards")
            .WithSummary("Submit one score to up to 20 boards; validated on every board first, so an invalid score changes none; answers the rank on each")
            .Fails(Problems.BoardNotFound, Problems.StorageUnavailable);
        return api;
    }

    private static async Task<Ok<MultiScoreResponse>> SubmitAsync(HttpContext context, BoardCatalog catalog, IStore store, LeaderboardsMetrics metrics)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.MultiScoreRequest);
        if (request.Boards is not { Count: > 0 and <= MaxBoards } boardIds)
            throw new InvalidFieldException("boards", $"boards must list 1 to {MaxBoards} board ids.");
        if (boardIds.Distinct(StringComparer.Ordinal).Count() != boardIds.Count)
            throw new InvalidFieldException("boards", "boards must not repeat a board.");
        var submission = Submissions.From(request.PlayerId, request.Score, request.Subscore, request.Metadata);

        var leases = new List<BoardHandle.Lease>(boardIds.Count);
        try
        {
            for (int i = 0; i < boardIds.Count; i++)
            {
                if (boardIds[i] is not { } id)
                    throw new InvalidFieldException($"boards[{i}]", $"boards[{i}] must be a board id.");
                leases.Add(await catalog.EnterAsync(id, context.RequestAborted));
            }
            // Every board checks the score before any applies it: an invalid score (out of one board's bounds, say) changes none.
            // The season is fixed here, so the check and the write go to the same one.
            var seasons = new Season[leases.Count];
            for (int i = 0; i < leases.Count; i++)
            {
                seasons[i] = await leases[i].Handle.CurrentSeasonAsync(context.RequestAborted);
                try
                {
                    seasons[i].Board.Validate(submission);
                }
                catch (LeaderboardValidationException e)
                {
                    throw new InvalidFieldException(e.Field, $"Board '{leases[i].Handle.Id}': {e.Message}");
                }
            }
            // One write across the boards: embedded, one log append holds every board's change, so a refusal or a crash
            // keeps none; in cluster mode, pending records on every board (see the README's "Cluster mode").
            var writes = new (IRankedBoard Board, ScoreSubmission Submission)[leases.Count];
            for (int i = 0; i < leases.Count; i++)
                writes[i] = (seasons[i].Board, submission);
            var submitted = await store.SubmitAcrossAsync(writes, context.RequestAborted);
            var results = new List<BoardSubmitResponse>(leases.Count);
            for (int i = 0; i < leases.Count; i++)
            {
                var result = submitted[i];
                metrics.ScoresSubmitted(leases[i].Handle.Id, 1);
                results.Add(new BoardSubmitResponse(leases[i].Handle.Id, seasons[i].Id, result.Score, result.Subscore, result.Rank, result.PreviousRank, result.Improved));
            }
            return TypedResults.Ok(new MultiScoreResponse(submission.PlayerId, results));
        }
        finally
        {
            foreach (var lease in leases)
                lease.Dispose();
        }
    }
}
