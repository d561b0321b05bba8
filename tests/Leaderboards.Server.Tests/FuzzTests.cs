using System.Text;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

/// <summary>Thousands of seeded malformed requests: none may produce a 5xx, every refusal is a problem body, and stored entries stay as they were.</summary>
public sealed class FuzzTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private const int Requests = 4000;
    private const string Seeded = "fuzz-seeded";

    private static readonly string[] ValidBodies =
    [
        """{"playerId":"fz1","score":10,"subscore":2,"metadata":{"a":1}}""",
        """{"entries":[{"playerId":"fz2","score":1},{"playerId":"fz3","score":2}]}""",
        """{"playerIds":["seed-1","seed-2","fz1"]}""",
        """{"displayName":"F","order":"desc","updatePolicy":"sum","rankMode":"competition","minScore":0,"maxScore":100,"partitions":2,"replicas":1,"publicRead":true}""",
        """{"name":"k","role":"reader","permitsPerPeriod":5}""",
    ];

    private static readonly string[] Junk =
    [
        "", "null", "[]", "{}", "\"\"", "-", "1e999", "9223372036854775808", "-9223372036854775809", "0.5", "true", "\u0000",
        "\uD800", "%00", "%2F", "../", "{\"", "}}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", new string('x', 300),
        "\u00e9\u00e9", "NaN", "Infinity", "0x10", "+1", " 1", "1 ", "\"12\"",
    ];

    private static readonly string[] Paths =
    [
        "/api/v1/boards/{b}", "/api/v1/boards", "/api/v1/boards/{b}/scores", "/api/v1/boards/{b}/scores/batch",
        "/api/v1/boards/{b}/top?limit={q}", "/api/v1/boards/{b}/entries?offset={q}&limit={q}", "/api/v1/boards/{b}/players/{p}",
        "/api/v1/boards/{b}/players/{p}/around?count={q}", "/api/v1/boards/{b}/players/query?consistency={q}",
        "/api/v1/boards/{b}/count?min={q}&max={q}", "/api/v1/admin/keys", "/api/v1/admin/keys/{p}", "/api/v1/players/{p}",
    ];

    private static readonly string[] ContentTypes = ["application/json", "application/json", "application/json", "text/plain", "application/problem+json", "multipart/form-data; boundary=x", "application/json; charset=utf-16"];

    [Fact]
    public async Task MalformedRequests_NeverGet5xx_AndChangeNoStoredEntry()
    {
        var admin = server.Admin();
        await admin.CreateBoardAsync(Seeded, """{"partitions":3}""");
        string seed = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"playerId":"seed-{{i}}","score":{{i}}}"""));
        await admin.PostAsync($"/api/v1/boards/{Seeded}/scores/batch", $$"""{"entries":[{{seed}}]}""");
        string before = await SeededStateAsync(admin);

        var random = new Random(42);
        var clients = new[] { admin, server.Anonymous(), server.Client("lbk_wrong") };
        var statuses = new Dictionary<int, int>();
        for (int i = 0; i < Requests; i++)
        {
            var (method, path, body, contentType) = NextRequest(random);
            var client = clients[random.Next(10) == 0 ? random.Next(1, 3) : 0];
            // A delete of a seeded board or player is a valid request that is meant to change state.
            if (method == HttpMethod.Delete && (path.Contains(Seeded, StringComparison.Ordinal) || path.Contains("seed-", StringComparison.Ordinal)))
                continue;
            Reply reply;
            try
            {
                reply = await client.SendAsync(method, path, body, contentType);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException or InvalidOperationException)
            {
                continue; // not a request HttpClient can send
            }
            statuses[(int)reply.Status] = statuses.GetValueOrDefault((int)reply.Status) + 1;
            Assert.True((int)reply.Status < 500, $"{method} {path} [{contentType}] {body} -> {reply}");
            if ((int)reply.Status >= 400)
                Assert.True(reply.MediaType == "application/problem+json", $"{method} {path} -> {reply} ({reply.MediaType})");
        }

        Assert.True(statuses.Where(s => s.Key >= 400).Sum(s => s.Value) > Requests / 2, string.Join(", ", statuses));
        Assert.Equal(before, await SeededStateAsync(admin));
    }

    private static async Task<string> SeededStateAsync(ApiClient admin)
    {
        var page = await admin.GetAsync($"/api/v1/boards/{Seeded}/entries?limit=1000&consistency=strong");
        return string.Join(";", page.Json["entries"]!.AsArray()
            .Where(e => ((string)e!["playerId"]!).StartsWith("seed-", StringComparison.Ordinal))
            .Select(e => $"{e!["playerId"]}={e["score"]}/{e["subscore"]}"));
    }

    private static (HttpMethod, string, string?, string) NextRequest(Random random)
    {
        var method = random.Next(5) switch { 0 => HttpMethod.Get, 1 => HttpMethod.Put, 2 => HttpMethod.Delete, 3 => HttpMethod.Patch, _ => HttpMethod.Post };
        string path = Paths[random.Next(Paths.Length)]
            .Replace("{b}", random.Next(3) == 0 ? Seeded : Uri.EscapeDataString(Pick(random)), StringComparison.Ordinal)
            .Replace("{p}", Uri.EscapeDataString(random.Next(3) == 0 ? "seed-" + random.Next(60) : Pick(random)), StringComparison.Ordinal);
        while (path.Contains("{q}", StringComparison.Ordinal))
        {
            int at = path.IndexOf("{q}", StringComparison.Ordinal);
            path = path[..at] + Uri.EscapeDataString(random.Next(3) == 0 ? random.Next(-5, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture) : Pick(random)) + path[(at + 3)..];
        }
        string? body = method == HttpMethod.Get || method == HttpMethod.Delete ? null : Mutate(random, ValidBodies[random.Next(ValidBodies.Length)]);
        return (method, path, body, ContentTypes[random.Next(ContentTypes.Length)]);
    }

    private const string Punctuation = "{}[]\",:0-9eE.\\";

    private static string Pick(Random random) => Junk[random.Next(Junk.Length)];

    /// <summary>Flips, drops, duplicates or splices characters and junk into a valid body.</summary>
    private static string Mutate(Random random, string body)
    {
        var text = new StringBuilder(body);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && text.Length > 0; e++)
        {
            int at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, Punctuation[random.Next(Punctuation.Length)]); break;
                case 2: text.Insert(at, Pick(random)); break;
                case 3: text[at] = (char)random.Next(0x20, 0x7f); break;
                default: text.Insert(at, text.ToString(at, Math.Min(10, text.Length - at))); break;
            }
        }
        return text.ToString();
    }
}
