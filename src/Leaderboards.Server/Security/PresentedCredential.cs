using Leaderboards.Server.Security.Internal;
using Leaderboards.Service.Keys;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Leaderboards.Server.Security;

/// <summary>
/// What a request presents, decided here for REST and the hub alike: nothing, a valid key, or a credential that is not a
/// valid key. Any <c>Authorization</c> header counts as presented whatever its scheme, and so does an <c>X-Api-Key</c>
/// header or, on the hub, an <c>access_token</c>, even when empty. Only a request that presents nothing is anonymous; any
/// other credential that is not a current key is refused with 401 everywhere, boards with public reads included.
/// </summary>
internal sealed class PresentedCredential
{
    public const string HubPathPrefix = "/hubs";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string AccessTokenParameter = "access_token";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Nothing presented: the request is anonymous.</summary>
    public static readonly PresentedCredential None = new(null, null);

    private static readonly PresentedCredential NotAKey = Invalid("The API key is not valid.");
    private static readonly PresentedCredential EmptyKey = Invalid("The API key is not valid: it is empty.");
    private static readonly PresentedCredential NotBearer =
        Invalid("The API key is not valid: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    private static readonly PresentedCredential Conflicting =
        Invalid("The API key is not valid: the request presents more than one, and they differ.");

    private PresentedCredential(ApiKey? key, string? refusal)
    {
        Key = key;
        Refusal = refusal;
    }

    /// <summary>The key, when a valid one was presented.</summary>
    public ApiKey? Key { get; }

    /// <summary>Why the credential is refused, when one was presented that is not a valid key.</summary>
    public string? Refusal { get; }

    public bool IsPresented => Key is not null || Refusal is not null;

    public bool IsInvalid => Refusal is not null;

    /// <summary>A valid key. <see cref="KeyIdentity"/> keeps one per key, so a request with a key allocates none.</summary>
    public static PresentedCredential Valid(ApiKey key) => new(key, null);

    /// <summary>What authentication decided for this request (it runs first on every request), or the decision made now.</summary>
    public static PresentedCredential Of(HttpContext context) =>
        context.Features.Get<PresentedCredential>()
        ?? Read(context.Request, context.RequestServices.GetRequiredService<ApiKeyStore>());

    /// <summary>Reads every credential <paramref name="request"/> carries; more than one must all be the same valid key.</summary>
    public static PresentedCredential Read(HttpRequest request, ApiKeyStore keys)
    {
        var found = None;
        if (request.Headers.TryGetValue(HeaderNames.Authorization, out var authorization))
            found = Both(found, FromAuthorization(request, authorization, keys));
        if (request.Headers.TryGetValue(ApiKeyHeader, out var header))
            found = Both(found, FromSecret(request, header, keys));
        if (request.Path.StartsWithSegments(HubPathPrefix) && request.Query.TryGetValue(AccessTokenParameter, out var token))
            found = Both(found, FromSecret(request, token, keys));
        return found;
    }

    private static PresentedCredential FromAuthorization(HttpRequest request, StringValues values, ApiKeyStore keys)
    {
        if (values is not [{ } value])
            return NotBearer;
        // Servers trim trailing whitespace from header values, so an empty bearer token arrives as a bare "Bearer".
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return value.Trim().Equals(BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase) ? EmptyKey : NotBearer;
        return Find(request, value, BearerPrefix.Length, keys);
    }

    private static PresentedCredential FromSecret(HttpRequest request, StringValues values, ApiKeyStore keys) =>
        values is [{ } value] ? Find(request, value, 0, keys) : Conflicting;

    private static PresentedCredential Find(HttpRequest request, string value, int start, ApiKeyStore keys)
    {
        if (value.AsSpan(start).Trim().IsEmpty)
            return EmptyKey;
        return keys.Find(SecretHashes.Of(request, value, start)) is { } key ? KeyIdentity.Of(key).Credential : NotAKey;
    }

    private static PresentedCredential Both(PresentedCredential first, PresentedCredential second)
    {
        if (!first.IsPresented)
            return second;
        if (first.IsInvalid)
            return first;
        if (second.IsInvalid)
            return second;
        return first.Key == second.Key ? first : Conflicting;
    }

    private static PresentedCredential Invalid(string refusal) => new(null, refusal);
}
