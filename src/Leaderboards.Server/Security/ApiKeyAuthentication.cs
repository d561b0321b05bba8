using System.Text.Encodings.Web;
using Leaderboards.Server.Api.Internal;
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
    ApiKeyStore keys,
    IProblemDetailsService problems)
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
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(key.Principal, SchemeName)));
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
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        bool presented = TryGetPresentedKey(Request, out _);
        return WriteAsync("unauthorized", "Unauthorized",
            presented ? "The API key is not valid." : "This request needs an API key: Authorization: Bearer <key> or X-Api-Key: <key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync("forbidden", "Forbidden", "This API key's role does not allow this request.");
    }

    private Task WriteAsync(string kind, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = ApiExceptionHandler.Describe(Response.StatusCode, kind, title, detail, null),
        }).AsTask();
}
