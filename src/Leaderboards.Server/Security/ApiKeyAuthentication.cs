using System.Text.Encodings.Web;
using Leaderboards.Server.Errors;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Leaderboards.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> (and <c>access_token</c> on hub
/// requests, where browsers cannot set headers). No key is anonymous; a wrong key is a failure, never anonymous.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = ApiKeyClaims.Scheme;
    public const string HubPathPrefix = "/hubs";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryGetPresentedKey(Request, out var secret))
            return Task.FromResult(AuthenticateResult.NoResult());
        var key = keys.Find(secret);
        if (key is null)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        Context.Items[typeof(ApiKey)] = key;
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(KeyIdentity.Of(key).Principal, SchemeName)));
    }

    /// <summary>True when the request carries a key at all, valid or not.</summary>
    public static bool TryGetPresentedKey(HttpRequest request, out ReadOnlySpan<char> secret)
    {
        secret = default;
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = authorization.AsSpan(7).Trim();
            return true;
        }
        string? header = request.Headers["X-Api-Key"];
        if (header is not null)
        {
            secret = header.AsSpan().Trim();
            return true;
        }
        if (request.Path.StartsWithSegments(HubPathPrefix) && request.Query["access_token"] is [{ } token, ..])
        {
            secret = token;
            return true;
        }
        return false;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        bool presented = TryGetPresentedKey(Request, out _);
        return ApiExceptionHandler.WriteAsync(Context, Problems.Unauthorized,
            presented ? "The API key is not valid." : "This request needs an API key: Authorization: Bearer <key> or X-Api-Key: <key>.").AsTask();
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        return ApiExceptionHandler.WriteAsync(Context, Problems.Forbidden, "This API key's role does not allow this request.").AsTask();
    }
}
