using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests;

public sealed class RestartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task BoardsAndKeys_SurviveARestart()
    {
        string key, boardCreatedAt, keyCreatedAt;
        await using (var first = new ServerFactory(_dataDir))
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("kept", """{"displayName":"Kept","order":"asc","partitions":2,"replicas":1,"publicRead":true}""");
            boardCreatedAt = (string)(await admin.GetAsync("/api/v1/boards/kept")).Json["createdAt"]!;
            var created = (await admin.PostAsync("/api/v1/admin/keys", """{"name":"w","role":"writer"}""")).Json;
            (key, keyCreatedAt) = ((string)created["key"]!, (string)created["createdAt"]!);
        }
        await using var second = new ServerFactory(_dataDir);
        var board = await second.Client(key).GetAsync("/api/v1/boards/kept");
        Assert.Equal(HttpStatusCode.OK, board.Status);
        Assert.Equal("Kept", (string?)board.Json["displayName"]);
        Assert.Equal("asc", (string?)board.Json["order"]);
        Assert.Equal(2, (int)board.Json["partitions"]!);
        Assert.Equal(1, (int)board.Json["replicas"]!);
        // Creation times read the same before and after: what the first answer said is what was kept.
        Assert.Equal(boardCreatedAt, (string?)board.Json["createdAt"]);
        var keys = (await second.Admin().GetAsync("/api/v1/admin/keys")).Json["keys"]!.AsArray();
        Assert.Equal(keyCreatedAt, (string?)keys.Single(k => (string?)k!["name"] == "w")!["createdAt"]);
    }

    [Fact]
    public async Task WithoutAConfiguredAdminKey_OneIsGeneratedAndKept()
    {
        var noKey = new Dictionary<string, string?> { ["Leaderboards:AdminKey"] = "" };
        string generated;
        await using (var first = new ServerFactory(_dataDir, noKey))
        {
            _ = first.Server; // start
            generated = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "admin.key"))).Trim();
            Assert.StartsWith("lba_", generated, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await first.Client(generated).GetAsync("/api/v1/admin/keys")).Status);
        }
        await using var second = new ServerFactory(_dataDir, noKey);
        Assert.Equal(HttpStatusCode.OK, (await second.Client(generated).GetAsync("/api/v1/admin/keys")).Status);
        Assert.Equal(generated, (await File.ReadAllTextAsync(Path.Combine(_dataDir, "admin.key"))).Trim());
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client(ServerFactory.AdminKey).GetAsync("/api/v1/admin/keys")).Status);
    }
}
