using Leaderboards.Engine;
using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Boards;
using Leaderboards.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>API keys and erasing a player everywhere; admin only.</summary>
public static class AdminApi
{
    public const int MaxKeyNameLength = 100;

    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/admin/keys").WithTags("Admin").RequireAuthorization(Policies.Admin);

        keys.MapPost("/", CreateKeyAsync)
            .Accepts<CreateKeyRequest>("application/json")
            .WithName("CreateKey")
            .WithSummary("Create an API key with a role (reader, writer, admin); the key is shown only in this answer")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        keys.MapGet("/", ListKeys)
            .WithName("ListKeys")
            .WithSummary("List API keys (never their secrets)");

        keys.MapDelete("/{keyId}", RevokeKeyAsync)
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key; it stops working at once")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/players/{playerId}", ErasePlayerAsync)
            .WithTags("Admin")
            .RequireAuthorization(Policies.Admin)
            .WithName("ErasePlayer")
            .WithSummary("Erase a player from every board (for example on an account deletion request)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return api;
    }

    private static async Task<Created<CreatedKeyResponse>> CreateKeyAsync(HttpContext context, ApiKeyStore store)
    {
        var request = await RequestBody.ReadAsync(context, LeaderboardsJsonContext.Default.CreateKeyRequest);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxKeyNameLength || request.Name.Any(char.IsControl))
            throw ApiProblemException.Invalid("name", $"name must be 1 to {MaxKeyNameLength} characters with no control characters.");
        if (!ApiRoles.TryParse(request.Role, out var role))
            throw ApiProblemException.Invalid("role", "role must be reader, writer or admin.");
        if (request.PermitsPerPeriod is < 0)
            throw ApiProblemException.Invalid("permitsPerPeriod", "permitsPerPeriod must be 0 (unlimited) or more.");
        var (key, secret) = await store.CreateAsync(request.Name, role, request.PermitsPerPeriod, context.RequestAborted);
        return TypedResults.Created($"/api/v1/admin/keys/{key.Id}",
            new CreatedKeyResponse(key.Id, key.Name, ApiRoles.Name(key.Role), secret, key.CreatedAt, key.PermitsPerPeriod));
    }

    private static Ok<KeysResponse> ListKeys(ApiKeyStore store) =>
        TypedResults.Ok(new KeysResponse([.. store.List().Select(k => new KeyResponse(k.Id, k.Name, ApiRoles.Name(k.Role), k.CreatedAt, k.PermitsPerPeriod))]));

    private static async Task<NoContent> RevokeKeyAsync(string keyId, ApiKeyStore store, CancellationToken cancellationToken) =>
        await store.RevokeAsync(keyId, cancellationToken)
            ? TypedResults.NoContent()
            : throw new ApiProblemException(StatusCodes.Status404NotFound, "key-not-found", "Key not found", $"There is no API key '{keyId}'.", "keyId");

    private static async Task<Ok<ErasedPlayerResponse>> ErasePlayerAsync(string playerId, BoardRegistry registry, CancellationToken cancellationToken)
    {
        PlayerIds.Validate(playerId);
        var boards = await registry.ErasePlayerAsync(playerId, cancellationToken);
        return TypedResults.Ok(new ErasedPlayerResponse(playerId, boards));
    }
}
