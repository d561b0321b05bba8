using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Leaderboards.Server.Security.Internal;

/// <summary>
/// Authorizes every request to an endpoint by the policy its metadata names, as the authorization middleware would,
/// and with the same outcome: no policy or <see cref="IAllowAnonymous"/> passes, a met policy passes, an unmet one
/// challenges (401) a request without an authenticated key and forbids (403) the others, both through the default
/// scheme's handler. The difference is cost: the endpoint's policy is combined once per endpoint, and no application
/// switch is read per request (the authorization middleware reads one through <c>AppContext</c>, whose process-wide lock
/// every request thread then queues on). The resource authorized is the request's <see cref="HttpContext"/>.
/// Endpoints here are fixed at startup, so policies are kept for the process's life; an
/// <see cref="IAuthorizationMiddlewareResultHandler"/> is not consulted (the service registers none).
/// </summary>
internal static class KeyAuthorization
{
    private const string AuthorizationMiddlewareSet = "__AuthorizationMiddlewareSet";

    public static IApplicationBuilder UseKeyAuthorization(this IApplicationBuilder app)
    {
        var provider = app.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = app.ApplicationServices.GetRequiredService<IAuthorizationService>();
        var policies = new ConcurrentDictionary<Endpoint, AuthorizationPolicy?>();
        // WebApplication adds the authorization middleware itself unless this property, which UseAuthorization sets, says it is there.
        app.Properties[AuthorizationMiddlewareSet] = true;
        Task<AuthorizationPolicy?>? fallback = null;
        return app.Use((context, next) =>
        {
            // A request no endpoint matched (a 404 to be) is held to the fallback policy, if one is set.
            if (context.GetEndpoint() is not { } endpoint)
                return PolicyThenAsync(context, next, fallback ??= provider.GetFallbackPolicyAsync());
            return policies.TryGetValue(endpoint, out var policy)
                ? Authorize(context, next, policy)
                : PolicyThenAsync(context, next, FirstPolicyAsync(endpoint));
        });

        // Synchronous while the policy passes at once: the common request allocates no state machine here.
        Task Authorize(HttpContext context, RequestDelegate next, AuthorizationPolicy? policy)
        {
            if (policy is null)
                return next(context);
            var decision = authorization.AuthorizeAsync(context.User, context, policy.Requirements);
            return decision.IsCompletedSuccessfully && decision.Result.Succeeded ? next(context) : DecideAsync(context, next, decision);
        }

        async Task PolicyThenAsync(HttpContext context, RequestDelegate next, Task<AuthorizationPolicy?> policy) =>
            await Authorize(context, next, await policy);

        async Task<AuthorizationPolicy?> FirstPolicyAsync(Endpoint endpoint)
        {
            var policy = await PolicyOfAsync(endpoint, provider);
            policies.TryAdd(endpoint, policy);
            return policy;
        }
    }

    /// <summary>The endpoint's combined policy, or the fallback policy; null when it allows anonymous callers or has none.</summary>
    private static async Task<AuthorizationPolicy?> PolicyOfAsync(Endpoint endpoint, IAuthorizationPolicyProvider provider)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return null;
        var attached = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>().ToList();
        // Requirements an endpoint carries itself (IAuthorizationRequirementData) make one more policy, as the framework's middleware does.
        var carried = endpoint.Metadata.GetOrderedMetadata<IAuthorizationRequirementData>().SelectMany(data => data.GetRequirements()).ToArray();
        if (carried.Length > 0)
            attached.Add(new AuthorizationPolicyBuilder().AddRequirements(carried).Build());
        var policy = await AuthorizationPolicy.CombineAsync(provider, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), attached)
            ?? await provider.GetFallbackPolicyAsync();
        if (policy is { AuthenticationSchemes.Count: > 0 })
        {
            throw new InvalidOperationException(
                $"The endpoint '{endpoint.DisplayName}' has a policy naming authentication schemes; requests are authenticated by API key only.");
        }

        return policy;
    }

    private static async Task DecideAsync(HttpContext context, RequestDelegate next, Task<AuthorizationResult> decision)
    {
        if ((await decision).Succeeded)
            await next(context);
        else if (context.User.Identity?.IsAuthenticated == true)
            await context.ForbidAsync();
        else
            await context.ChallengeAsync();
    }
}
