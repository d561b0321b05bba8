using System.Security.Claims;
using Leaderboards.Service.Catalog;
using Microsoft.AspNetCore.Authorization;

namespace Leaderboards.Server.Security.Internal;

/// <summary>
/// Decides the service's own policies (<see cref="MinimumRoleRequirement"/>, <see cref="NoWrongKeyRequirement"/>) from
/// the request's credential directly, with the same rules as their handlers, and without the default service's per-request
/// handler list, context and pending-requirement set. A policy with any other requirement goes to the default service.
/// </summary>
internal sealed class KeyAuthorizationService(DefaultAuthorizationService fallback, BoardCatalog boards) : IAuthorizationService
{
    private static readonly Task<AuthorizationResult> Succeeded = Task.FromResult(AuthorizationResult.Success());
    private static readonly Task<AuthorizationResult> Failed = Task.FromResult(AuthorizationResult.Failed());

    public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, IEnumerable<IAuthorizationRequirement> requirements)
    {
        if (resource is not HttpContext http || requirements is not IReadOnlyList<IAuthorizationRequirement> { Count: > 0 } list)
            return fallback.AuthorizeAsync(user, resource, requirements);
        bool met = true;
        for (int i = 0; i < list.Count; i++)
        {
            switch (list[i])
            {
                case MinimumRoleRequirement role:
                    met &= role.IsMetBy(http, boards);
                    break;
                case NoWrongKeyRequirement:
                    met &= NoWrongKeyRequirement.IsMetBy(http);
                    break;
                default:
                    return fallback.AuthorizeAsync(user, resource, requirements);
            }
        }
        // Whether a failure is a challenge (401) or a forbid (403) depends only on authentication, not on the failure.
        return met ? Succeeded : Failed;
    }

    public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, string policyName) =>
        fallback.AuthorizeAsync(user, resource, policyName);
}
