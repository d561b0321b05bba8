using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leaderboards.Server.Tests.Support;

/// <summary>Raw HTTP against the service, answers as JSON nodes so tests see exactly what a client sees.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<Reply> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<Reply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, body, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
    }

    public async Task CreateBoardAsync(string boardId, string json = "{}")
    {
        var reply = await PutAsync($"/api/v1/boards/{boardId}", json);
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
    }

    public async Task<JsonNode> SubmitAsync(string boardId, string playerId, long score, long? subscore = null)
    {
        string json = subscore is null
            ? $$"""{"playerId":{{JsonSerializer.Serialize(playerId)}},"score":{{score}}}"""
            : $$"""{"playerId":{{JsonSerializer.Serialize(playerId)}},"score":{{score}},"subscore":{{subscore}}}""";
        var reply = await PostAsync($"/api/v1/boards/{boardId}/scores", json);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Json;
    }
}

public sealed record Reply(HttpStatusCode Status, string Body, TimeSpan? RetryAfter, string? MediaType)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts an RFC 9457 problem with this status (and field, when given).</summary>
    public JsonNode AssertProblem(HttpStatusCode status, string? field = null)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {this}");
        Assert.Equal("application/problem+json", MediaType);
        var json = Json;
        Assert.Equal((int)status, (int)json["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["title"]));
        if (field is not null)
            Assert.Equal(field, (string?)json["field"]);
        return json;
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
