using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leaderboards.Contracts;

namespace Leaderboards.Cli.Internal;

/// <summary>The service's REST API for the CLI: the wire types in and out, problems turned into <see cref="CliException"/>.</summary>
internal sealed class ServerClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>The serializers for every body the CLI sends or reads.</summary>
    public static LeaderboardsJsonContext Json => LeaderboardsJsonContext.Client;

    public static ServerClient Create(Uri url, string? key, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = url;
        http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(key))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new ServerClient(http);
    }

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, answer, cancellationToken);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path.TrimStart('/'));
        using var response = await SendRawAsync(request, cancellationToken);
    }

    public Task<T> PutAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, Content(body, bodyType), answer, cancellationToken);

    public Task<T> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, Content(body, bodyType), answer, cancellationToken);

    public Task<T> PostAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, null, answer, cancellationToken);

    public async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        using var response = await SendRawAsync(request, cancellationToken);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, answer) ?? throw new JsonException("the answer is empty");
        }
        catch (JsonException e)
        {
            throw new CliException($"cannot read the server's answer to {method} {path}: {e.Message}", 4);
        }
    }

    /// <summary>Sends and checks the status; the caller reads (and disposes) the answer.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the server at {http.BaseAddress}: {e.Message}", 3);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ProblemAsync(response, cancellationToken);
    }

    private static async Task<CliException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string message = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            if (JsonSerializer.Deserialize(body, Json.ProblemResponse) is { } problem)
            {
                message = $"{(int)response.StatusCode} {problem.Title}: {problem.Detail}".TrimEnd(' ', ':');
                if (problem.Field is { } field)
                    message += $" (field: {field})";
            }
        }
        catch (JsonException)
        {
        }
        int exit = response.StatusCode >= HttpStatusCode.InternalServerError ? 4 : 1;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            message += " — pass a key with --key or LEADERBOARDS_KEY";
        return new CliException(message, exit);
    }

    /// <summary>A JSON body with its length known up front, so it goes out in one piece rather than chunked.</summary>
    private static ByteArrayContent Content<TBody>(TBody body, JsonTypeInfo<TBody> bodyType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
