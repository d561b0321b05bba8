using Leaderboards.Server.Tests.Support;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Leaderboards.Server.Tests.Security;

/// <summary>
/// Endpoints are authorized by the service's own middleware, so the endpoint middleware's check for unhandled security
/// metadata is off. That check also guards CORS and antiforgery metadata: no endpoint may carry any, or it would run
/// unchecked.
/// </summary>
public sealed class EndpointMetadataTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public void NoEndpoint_CarriesCorsOrAntiforgeryMetadata_AndEveryApiEndpointHasAPolicy()
    {
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            Assert.Null(endpoint.Metadata.GetMetadata<ICorsMetadata>());
            Assert.False(endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true }, $"{endpoint.DisplayName} needs antiforgery");
            if (endpoint is RouteEndpoint route && route.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
                Assert.NotEmpty(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
        }
    }
}
