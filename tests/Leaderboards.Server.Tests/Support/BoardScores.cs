using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Leaderboards.Server.Tests.Support;

/// <summary>Reads a whole board, page by page from the partition owners, as player id to score.</summary>
internal static class BoardScores
{
    public static async Task<Dictionary<string, long>> ReadAsync(HttpClient client, string board)
    {
        var state = new Dictionary<string, long>();
        for (long offset = 0; ; offset += 1000)
        {
            var page = await client.GetFromJsonAsync<JsonNode>($"/api/v1/boards/{board}/entries?offset={offset}&limit=1000&consistency=strong");
            var entries = page!["entries"]!.AsArray();
            foreach (var entry in entries)
                state[(string)entry!["playerId"]!] = (long)entry["score"]!;
            if (entries.Count < 1000)
                return state;
        }
    }
}
