using Microsoft.AspNetCore.Authorization;

namespace Leaderboards.Server.Security;

/// <summary>
/// Anonymous or a valid key, of any role; a credential that is not a valid key fails, so the challenge answers 401. For
/// endpoints that check access further down, like the hub's negotiate and connect requests.
/// </summary>
internal sealed class NoWrongKeyRequirement : AuthorizationHandler<NoWrongKeyRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NoWrongKeyRequirement requirement)
    {
        if (context.Resource is HttpContext http && IsMetBy(http))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }

    public static bool IsMetBy(HttpContext http) => !PresentedCredential.Of(http).IsInvalid;
}
