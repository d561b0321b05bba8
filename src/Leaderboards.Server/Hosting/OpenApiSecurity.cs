using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Declares API keys in the OpenAPI document: the two ways to send one (<see cref="BearerScheme"/> and
/// <see cref="ApiKeyScheme"/>) as security schemes, and on every operation the security its endpoint's authorization
/// metadata demands (<see cref="OperationSecurityTransformer"/>), so the document follows the policies rather than a list.
/// </summary>
internal static class OpenApiSecurity
{
    /// <summary>A key sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>A key sent as <c>X-Api-Key: &lt;key&gt;</c>.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The operation extension naming the least role a key needs: <c>reader</c>, <c>writer</c> or <c>admin</c>.</summary>
    public const string RoleExtension = "x-required-role";

    /// <summary>Adds the schemes to the document and a security requirement to every operation.</summary>
    public static OpenApiOptions AddKeySecurity(this OpenApiOptions options) =>
        options.AddOperationTransformer<OperationSecurityTransformer>().AddDocumentTransformer(DeclareSchemesAsync);

    // AddComponent (not a plain write to Components) also registers the schemes with the document's workspace: the
    // operations' scheme references resolve through it, and a requirement whose reference does not resolve is dropped
    // when the document is written.
    private static Task DeclareSchemesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key as 'Authorization: Bearer <key>'.",
        });
        document.AddComponent<IOpenApiSecurityScheme>(ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key as 'X-Api-Key: <key>'.",
        });
        return Task.CompletedTask;
    }
}
