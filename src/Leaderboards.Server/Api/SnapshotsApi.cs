using Leaderboards.Contracts;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Security;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>Snapshots on demand, their list, and restoring one on the running server; admin only.</summary>
public static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshotsApi(this RouteGroupBuilder api)
    {
        var snapshots = api.MapGroup("/admin/snapshots").WithTags("Admin").Requires(Policies.Admin);

        snapshots.MapPost("/", CreateAsync)
            .WithName("CreateSnapshot")
            .WithSummary("Take a snapshot now, without stopping writes; older snapshots beyond the kept number are deleted")
            .Fails(Problems.StorageUnavailable);

        snapshots.MapGet("/", List)
            .WithName("ListSnapshots")
            .WithSummary("Snapshots on disk, newest first");

        snapshots.MapPost("/{snapshotId}/restore", RestoreAsync)
            .WithName("RestoreSnapshot")
            .WithSummary("Replace every board and key with a snapshot's, atomically for callers (503 while swapping), then snapshot the result")
            .Fails(Problems.SnapshotNotFound, Problems.SnapshotDamaged, Problems.StorageUnavailable);

        return api;
    }

    private static async Task<Created<SnapshotResponse>> CreateAsync(IStore store, CancellationToken cancellationToken)
    {
        var result = await store.SnapshotAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/snapshots/{result.Snapshot.Id}", ToResponse(result));
    }

    private static Ok<SnapshotsResponse> List(IStore store) =>
        TypedResults.Ok(new SnapshotsResponse([.. store.Snapshots().Select(s => new SnapshotSummary(s.Id, s.CreatedAt, s.Bytes))]));

    private static async Task<Ok<SnapshotResponse>> RestoreAsync(string snapshotId, IStore store, Readiness readiness, CancellationToken cancellationToken)
    {
        // A snapshot that does not exist or is damaged is refused before anything is replaced (Problems maps both).
        var result = await store.RestoreAsync(snapshotId, readiness, cancellationToken);
        return TypedResults.Ok(ToResponse(result));
    }

    private static SnapshotResponse ToResponse(SnapshotResult result) => new(
        result.Snapshot.Id, result.Snapshot.CreatedAt, result.Snapshot.Bytes, result.Boards, result.Entries, result.Elapsed.TotalMilliseconds);
}
