using Leaderboards.Server.Errors;

namespace Leaderboards.Server.Security;

/// <summary>Puts an endpoint (or a group) under a policy and declares the problems that policy can answer with.</summary>
public static class EndpointAccess
{
    /// <summary>A missing or wrong key is 401; a key below the policy's role is 403 (every key can read).</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder endpoint, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoint.RequireAuthorization(policy);
        return policy is Policies.Read or Policies.ReadAny
            ? endpoint.Fails(Problems.Unauthorized)
            : endpoint.Fails(Problems.Unauthorized, Problems.Forbidden);
    }
}
