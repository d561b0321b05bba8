using System.Text.Json.Nodes;
using Leaderboards.Server.Security;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Gives an operation the security its endpoint's authorization metadata demands, resolved the way the authorization
/// middleware resolves it (policies named or attached, the fallback policy, <see cref="IAllowAnonymous"/>):
/// <list type="bullet">
/// <item>no policy: only the anonymous alternative <c>{}</c>;</item>
/// <item>a policy: a key by either scheme, the least role in <see cref="OpenApiSecurity.RoleExtension"/> and the description;</item>
/// <item>a policy that lets a board with public reads answer without a key: the same, with <c>{}</c> beside the schemes.</item>
/// </list>
/// </summary>
internal sealed class OperationSecurityTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policy = metadata.OfType<IAllowAnonymous>().Any()
            ? null
            : await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>())
                ?? await policies.GetFallbackPolicyAsync();

        operation.Security ??= [];
        if (policy is null)
        {
            operation.Security.Add(new OpenApiSecurityRequirement());
            return;
        }

        // Every requirement must hold: the strictest role wins, and anonymous reads only when every requirement allows them.
        // A requirement that is not a role (say, an authenticated user) still needs a key, and every key is at least a reader.
        var roles = policy.Requirements.OfType<MinimumRoleRequirement>().ToList();
        var role = roles.Count == 0 ? ApiRole.Reader : roles.Max(r => r.Role);
        bool publicRead = roles.Count == policy.Requirements.Count && roles.All(r => r.AllowPublicRead);

        operation.Security.Add(Requirement(OpenApiSecurity.BearerScheme, context.Document));
        operation.Security.Add(Requirement(OpenApiSecurity.ApiKeyScheme, context.Document));
        if (publicRead)
            operation.Security.Add(new OpenApiSecurityRequirement());

        string roleName = ApiRoles.Name(role);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        operation.Extensions[OpenApiSecurity.RoleExtension] = new JsonNodeExtension(JsonValue.Create(roleName));
        string access = role == ApiRole.Admin
            ? "Needs an API key with the admin role."
            : $"Needs an API key with the {roleName} role or higher.";
        if (publicRead)
            access += " A board with publicRead answers without a key (a wrong key is still refused).";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? access : $"{operation.Description}\n\n{access}";
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
