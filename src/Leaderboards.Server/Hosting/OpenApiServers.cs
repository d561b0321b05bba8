using Microsoft.AspNetCore.OpenApi;

namespace Leaderboards.Server.Hosting;

/// <summary>The document's server URLs as bases: no trailing slash, since every path already starts with one.</summary>
internal static class OpenApiServers
{
    /// <summary>Trims the trailing slash off each server URL the document is generated with (a bare "/" stays).</summary>
    public static OpenApiOptions TrimServerUrls(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            foreach (var server in document.Servers ?? [])
            {
                if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
                    server.Url = url.TrimEnd('/');
            }
            return Task.CompletedTask;
        });
}
