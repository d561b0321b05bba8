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

    [Theory]
    [InlineData("/api/v1/scores", "post", new[] { 400, 401, 403, 404, 413, 415, 429, 503 })]
    [InlineData("/api/v1/boards/{boardId}/scores/batch", "post", new[] { 400, 401, 403, 404, 413, 415, 429, 503 })]
    [InlineData("/api/v1/boards/{boardId}", "put", new[] { 400, 401, 403, 409, 413, 415, 429, 503 })]
    [InlineData("/api/v1/boards/{boardId}/top", "get", new[] { 400, 401, 404, 429, 503 })]
    [InlineData("/api/v1/admin/snapshots/{snapshotId}/restore", "post", new[] { 401, 403, 404, 422, 429, 503 })]
    public async Task Document_DeclaresTheProblemsAnOperationCanAnswer(string path, string method, int[] statuses)
    {
        var document = (await server.Anonymous().GetAsync("/openapi/v1.json")).Json;
        var responses = document["paths"]![path]![method]!["responses"]!.AsObject();
        foreach (int status in statuses)
        {
            Assert.True(responses.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{method} {path} does not declare {status}");
            var content = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!.AsObject();
            Assert.True(content.ContainsKey("application/problem+json"), $"{method} {path} {status} is not a problem");
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
