using Leaderboards.Engine;
using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Security;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>API keys and erasing a player everywhere; admin only.</summary>
public static class AdminApi
{
    public const int MaxKeyNameLength = 100;

    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/admin/keys").WithTags("Admin").Requires(Policies.Admin);

        keys.MapPost("/", CreateKeyAsync)
            .AcceptsJson<CreateKeyRequest>()
            .WithName("CreateKey")
            .WithSummary("Create an API key with a role (reader, writer, admin); the key is shown only in this answer")
            .Fails(Problems.StorageUnavailable);

        keys.MapGet("/", ListKeys)
            .WithName("ListKeys")
            .WithSummary("List API keys (never their secrets)");

        keys.MapDelete("/{keyId}", RevokeKeyAsync)
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key; it stops working at once")
            .Fails(Problems.KeyNotFound, Problems.StorageUnavailable);

        api.MapDelete("/players/{playerId}", ErasePlayerAsync)
            .WithTags("Admin")
            .Requires(Policies.Admin)
            .WithName("ErasePlayer")
            .WithSummary("Erase a player from every board (for example on an account deletion request)")
            .Fails(Problems.InvalidField, Problems.StorageUnavailable);

        return api;
    }

    private static async Task<Created<CreatedKeyResponse>> CreateKeyAsync(HttpContext context, ApiKeyStore store)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.CreateKeyRequest);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxKeyNameLength || request.Name.Any(char.IsControl))
            throw new InvalidFieldException("name", $"name must be 1 to {MaxKeyNameLength} characters with no control characters.");
        if (!ApiRoles.TryParse(request.Role, out var role))
            throw new InvalidFieldException("role", "role must be reader, writer or admin.");
        if (request.PermitsPerPeriod is < 0)
            throw new InvalidFieldException("permitsPerPeriod", "permitsPerPeriod must be 0 (unlimited) or more.");
        var (key, secret) = await store.CreateAsync(request.Name, role, request.PermitsPerPeriod, context.RequestAborted);
        return TypedResults.Created($"/api/v1/admin/keys/{key.Id}",
            new CreatedKeyResponse(key.Id, key.Name, ApiRoles.Name(key.Role), secret, key.CreatedAt, key.PermitsPerPeriod));
    }

    private static Ok<KeysResponse> ListKeys(ApiKeyStore store) =>
        TypedResults.Ok(new KeysResponse([.. store.List().Select(k => new KeyResponse(k.Id, k.Name, ApiRoles.Name(k.Role), k.CreatedAt, k.PermitsPerPeriod))]));

    private static async Task<NoContent> RevokeKeyAsync(string keyId, ApiKeyStore store, CancellationToken cancellationToken) =>
        await store.RevokeAsync(keyId, cancellationToken)
            ? TypedResults.NoContent()
            : throw new ApiKeyNotFoundException(keyId);

    private static async Task<Ok<ErasedPlayerResponse>> ErasePlayerAsync(string playerId, BoardCatalog catalog, CancellationToken cancellationToken)
    {
        PlayerIds.Validate(playerId);
        var boards = await catalog.ErasePlayerAsync(playerId, cancellationToken);
        return TypedResults.Ok(new ErasedPlayerResponse(playerId, boards));
    }
}
