using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Storage;
using Leaderboards.Server.Hosting;
using Leaderboards.Server.Persistence;
using Leaderboards.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>Snapshots on demand, their list, and restoring one on the running server; admin only.</summary>
public static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshotsApi(this RouteGroupBuilder api)
    {
        var snapshots = api.MapGroup("/admin/snapshots").WithTags("Admin").RequireAuthorization(Policies.Admin);

        snapshots.MapPost("/", CreateAsync)
            .WithName("CreateSnapshot")
            .WithSummary("Take a snapshot now, without stopping writes; older snapshots beyond the kept number are deleted");

        snapshots.MapGet("/", List)
            .WithName("ListSnapshots")
            .WithSummary("Snapshots on disk, newest first");

        snapshots.MapPost("/{snapshotId}/restore", RestoreAsync)
            .WithName("RestoreSnapshot")
            .WithSummary("Replace every board and key with a snapshot's, atomically for callers (503 while swapping), then snapshot the result")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    private static async Task<Created<SnapshotResponse>> CreateAsync(DurableStore store, CancellationToken cancellationToken)
    {
        var result = await store.SnapshotAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/snapshots/{result.Snapshot.Id}", ToResponse(result));
    }

    private static Ok<SnapshotsResponse> List(DurableStore store) =>
        TypedResults.Ok(new SnapshotsResponse([.. store.Snapshots().Select(s => new SnapshotSummary(s.Id, s.CreatedAt, s.Bytes))]));

    private static async Task<Ok<SnapshotResponse>> RestoreAsync(string snapshotId, DurableStore store, Readiness readiness, CancellationToken cancellationToken)
    {
        try
        {
            var result = await store.RestoreAsync(snapshotId, readiness, cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status404NotFound, "snapshot-not-found", "Snapshot not found",
                    $"There is no snapshot '{snapshotId}'.", "snapshotId");
            return TypedResults.Ok(ToResponse(result));
        }
        catch (PersistenceCorruptException e)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "snapshot-damaged", "Snapshot damaged", e.Message, "snapshotId");
        }
    }

    private static SnapshotResponse ToResponse(SnapshotResult result) => new(
        result.Snapshot.Id, result.Snapshot.CreatedAt, result.Snapshot.Bytes, result.Boards, result.Entries, result.Elapsed.TotalMilliseconds);
}
