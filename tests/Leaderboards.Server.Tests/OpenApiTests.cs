using System.Net;
using System.Text.Json.Nodes;
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

    [Fact]
    public async Task Document_DeclaresTheKeySchemes_AndEachOperationsSecurityFromItsPolicy()
    {
        var document = (await server.Anonymous().GetAsync("/openapi/v1.json")).Json;
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("http", (string?)schemes["Bearer"]!["type"]);
        Assert.Equal("bearer", (string?)schemes["Bearer"]!["scheme"]);
        Assert.Equal("apiKey", (string?)schemes["ApiKey"]!["type"]);
        Assert.Equal("header", (string?)schemes["ApiKey"]!["in"]);
        Assert.Equal("X-Api-Key", (string?)schemes["ApiKey"]!["name"]);

        // "" is the anonymous alternative {}: only reads of a board, which may allow public reads, offer it beside a key.
        AssertSecurity(document, "/api/v1/boards/{boardId}/scores", "post", ["Bearer", "ApiKey"], "writer");
        AssertSecurity(document, "/api/v1/boards/{boardId}/top", "get", ["Bearer", "ApiKey", ""], "reader");
        AssertSecurity(document, "/api/v1/boards", "get", ["Bearer", "ApiKey"], "reader");
        AssertSecurity(document, "/api/v1/admin/keys", "get", ["Bearer", "ApiKey"], "admin");
        AssertSecurity(document, "/api/v1/boards/{boardId}", "put", ["Bearer", "ApiKey"], "admin");
        AssertSecurity(document, "/healthz", "get", [""], null);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
                Assert.True(operation!["security"] is JsonArray { Count: > 0 }, $"{method} {path} declares no security");
        }
        foreach (var entry in document["servers"]?.AsArray() ?? [])
            Assert.False(((string?)entry!["url"])!.EndsWith('/'), $"server url {entry["url"]} ends with a slash");
    }

    private static void AssertSecurity(JsonNode document, string path, string method, string[] schemes, string? role)
    {
        var operation = document["paths"]![path]![method]!;
        Assert.Equal(schemes, operation["security"]!.AsArray().Select(requirement => string.Join("+", requirement!.AsObject().Select(p => p.Key))));
        Assert.Equal(role, (string?)operation["x-required-role"]);
    }
}
