using System.Security.Claims;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Leaderboards.Server.Security.Internal;

/// <summary>
/// Authenticates every request by <see cref="PresentedCredential"/>'s rule, as the authentication middleware would with
/// <see cref="ApiKeyAuthenticationHandler"/> as the default scheme, but without that middleware's per-request handler,
/// service, ticket and result objects: a valid key's identity and result are built once per key
/// (<see cref="KeyIdentity"/>). Challenges and forbids still go through the scheme's handler.
/// </summary>
internal static class KeyAuthentication
{
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseKeyAuthentication(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeyStore>();
        // WebApplication adds the authentication middleware in front of the pipeline when an app with authentication
        // services never calls UseAuthentication; this property, which UseAuthentication sets, tells it this is done.
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.Use((context, next) =>
        {
            var credential = PresentedCredential.Read(context.Request, keys);
            // Kept for authorization, rate limiting and the hub, which must not read the request a second time and come
            // to another answer. Credentials are immutable and shared (one per key), so keeping one allocates nothing.
            context.Features.Set(credential);
            if (credential.Key is { } key)
            {
                if (context.Request.Path.StartsWithSegments(PresentedCredential.HubPathPrefix))
                    context.Items[typeof(ApiKey)] = key;
                var feature = new Authenticated(KeyIdentity.Of(key).Authenticated);
                context.Features.Set<IHttpAuthenticationFeature>(feature);
                context.Features.Set<IAuthenticateResultFeature>(feature);
            }
            return next(context);
        });
    }

    /// <summary>The request's authentication result and user, as the authentication middleware's own feature keeps them.</summary>
    private sealed class Authenticated(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
