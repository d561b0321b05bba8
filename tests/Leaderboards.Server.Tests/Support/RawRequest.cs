namespace Leaderboards.Server.Tests.Support;

/// <summary>A request with headers exactly as given (no validation), for credentials a well-behaved client would not send.</summary>
public static class RawRequest
{
    /// <summary>Answers the reply and its <c>WWW-Authenticate</c> challenge (empty when none).</summary>
    public static async Task<(Reply Reply, string Challenge)> SendAsync(
        HttpClient http, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"{name}: {value}");
        using var response = await http.SendAsync(request);
        var reply = new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response.Content.Headers.ContentType?.MediaType);
        return (reply, response.Headers.WwwAuthenticate.ToString());
    }
}
