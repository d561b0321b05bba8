using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public sealed class OpenApiTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Document_ListsEveryEndpointWithASummary()
    {
        var reply = await server.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var paths = reply.Json["paths"]!.AsObject();
        string[] expected =
        [
            "/api/v1/boards", "/api/v1/boards/{boardId}", "/api/v1/boards/{boardId}/scores", "/api/v1/boards/{boardId}/scores/batch",
            "/api/v1/boards/{boardId}/top", "/api/v1/boards/{boardId}/entries", "/api/v1/boards/{boardId}/players/{playerId}",
            "/api/v1/boards/{boardId}/players/{playerId}/around", "/api/v1/boards/{boardId}/players/query",
            "/api/v1/boards/{boardId}/count", "/api/v1/admin/keys", "/api/v1/admin/keys/{keyId}", "/api/v1/players/{playerId}",
        ];
        foreach (string path in expected)
            Assert.True(paths.ContainsKey(path), $"missing {path}");
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
                Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{method} {path} has no summary");
        }
    }
}
