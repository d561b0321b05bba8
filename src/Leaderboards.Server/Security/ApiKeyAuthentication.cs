using System.Text.Encodings.Web;
using Leaderboards.Server.Errors;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Leaderboards.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> (and <c>access_token</c> on hub
/// requests, where browsers cannot set headers), by <see cref="PresentedCredential"/>'s rule: nothing presented is
/// anonymous; anything presented that is not a valid key is a failure, never anonymous.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = ApiKeyClaims.Scheme;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = PresentedCredential.Read(Request, keys);
        // Kept for authorization and the hub, which must not read the request a second time and come to another answer.
        Context.Features.Set(credential);
        if (credential.Refusal is { } refusal)
            return Task.FromResult(AuthenticateResult.Fail(refusal));
        if (credential.Key is not { } key)
            return Task.FromResult(AuthenticateResult.NoResult());

        if (Request.Path.StartsWithSegments(PresentedCredential.HubPathPrefix))
            Context.Items[typeof(ApiKey)] = key;
        return Task.FromResult(KeyIdentity.Of(key).Authenticated);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        string? refusal = PresentedCredential.Of(Context).Refusal;
        Response.Headers[HeaderNames.WWWAuthenticate] = refusal is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return ApiExceptionHandler.WriteAsync(Context, Problems.Unauthorized,
            refusal ?? "This request needs an API key: Authorization: Bearer <key> or X-Api-Key: <key>.").AsTask();
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        return ApiExceptionHandler.WriteAsync(Context, Problems.Forbidden, "This API key's role does not allow this request.").AsTask();
    }
}
