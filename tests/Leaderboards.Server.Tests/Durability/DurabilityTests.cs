using System.Net;
using Leaderboards.Storage;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Durability;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-durable-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private ServerFactory Start(Dictionary<string, string?>? settings = null) => new(_dataDir, settings);

    private static async Task<string> StateAsync(ApiClient admin, string boardId)
    {
        var page = await admin.GetAsync($"/api/v1/boards/{boardId}/entries?limit=1000&consistency=strong");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return string.Join(";", page.Json["entries"]!.AsArray().Select(e =>
            $"{e!["rank"]}:{e["playerId"]}={e["score"]}/{e["subscore"]}@{e["updatedAt"]}#{e["metadata"]?.ToJsonString()}"));
    }

    private static async Task WriteAsync(ApiClient admin, string boardId, int from, int count)
    {
        string entries = string.Join(",", Enumerable.Range(from, count).Select(i =>
            $$$"""{"playerId":"p{{{i % 37}}}","score":{{{i * 31 % 101}}},"subscore":{{{i % 3}}},"metadata":{"i":{{{i}}}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/boards/{boardId}/scores/batch", $$"""{"entries":[{{entries}}]}""")).Status);
    }

    [Fact]
    public async Task EveryAcknowledgedChange_SurvivesARestart_WithAndWithoutASnapshot()
    {
        string before;
        string key;
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("sum", """{"updatePolicy":"sum","partitions":3,"replicas":1}""");
            await admin.CreateBoardAsync("gone");
            await WriteAsync(admin, "sum", 0, 200);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/admin/snapshots", "")).Status);
            await WriteAsync(admin, "sum", 200, 100);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/boards/sum/players/p5")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/boards/gone")).Status);
            key = (string)(await admin.PostAsync("/api/v1/admin/keys", """{"name":"r","role":"reader"}""")).Json["key"]!;
            before = await StateAsync(admin, "sum");
        }

        await using var second = Start();
        var again = second.Admin();
        Assert.Equal(before, await StateAsync(again, "sum"));
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/api/v1/boards/gone")).Status);
        Assert.Equal(HttpStatusCode.OK, (await second.Client(key).GetAsync("/api/v1/boards/sum/top")).Status);
        var board = (await again.GetAsync("/api/v1/boards/sum")).Json;
        Assert.Equal(1, (int)board["replicas"]!);
        Assert.Equal("sum", (string?)board["updatePolicy"]);

        // The sum policy continues from the recovered totals.
        var next = await again.SubmitAsync("sum", "p1", 1000);
        Assert.True((long)next["score"]! > 1000);
    }

    [Fact]
    public async Task Restore_ReplacesBoardsAndKeys_AndTheRestoredStateSurvivesARestart()
    {
        string snapshotState;
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("b");
            await WriteAsync(admin, "b", 0, 50);
            snapshotState = await StateAsync(admin, "b");
            string id = (string)(await admin.PostAsync("/api/v1/admin/snapshots", "")).Json["id"]!;

            await WriteAsync(admin, "b", 50, 50);
            await admin.CreateBoardAsync("later");
            Assert.NotEqual(snapshotState, await StateAsync(admin, "b"));

            var list = (await admin.GetAsync("/api/v1/admin/snapshots")).Json["snapshots"]!.AsArray();
            Assert.Contains(list, s => (string?)s!["id"] == id);
            var restored = await admin.PostAsync($"/api/v1/admin/snapshots/{id}/restore", "");
            Assert.Equal(HttpStatusCode.OK, restored.Status);
            Assert.Equal(snapshotState, await StateAsync(admin, "b"));
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/boards/later")).Status);
            (await admin.PostAsync("/api/v1/admin/snapshots/999999999999/restore", "")).AssertProblem(HttpStatusCode.NotFound, "snapshotId");
        }

        await using var second = Start();
        Assert.Equal(snapshotState, await StateAsync(second.Admin(), "b"));
    }

    [Fact]
    public async Task TornLastRecord_IsCutOff_AndEverythingBeforeItLoads()
    {
        string before;
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("b");
            await WriteAsync(admin, "b", 0, 40);
            before = await StateAsync(admin, "b");
        }
        string segment = Directory.GetFiles(Path.Combine(_dataDir, "log"), "*.lblog").Order().Last();
        long good = new FileInfo(segment).Length;
        // A record header promising 500 bytes, and only 7 of them: a crash in the middle of a write.
        await using (var file = new FileStream(segment, FileMode.Append))
            file.Write([0xF4, 0x01, 0, 0, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6]);

        await using var second = Start();
        Assert.Equal(before, await StateAsync(second.Admin(), "b"));
        Assert.Equal(good, new FileInfo(segment).Length);
    }

    [Theory]
    [InlineData("log")]
    [InlineData("snapshots")]
    public async Task FlippedByte_RefusesToStart_NamingTheFileAndOffset(string folder)
    {
        await using (var first = Start())
        {
            var admin = first.Admin();
            await admin.CreateBoardAsync("b");
            await WriteAsync(admin, "b", 0, 40);
            await admin.PostAsync("/api/v1/admin/snapshots", "");
            await WriteAsync(admin, "b", 40, 20);
            await WriteAsync(admin, "b", 60, 20);
        }
        // The log segment replay reads (the newest), damaged inside its first record: records follow it, so it is no torn tail.
        string file = folder == "log"
            ? Directory.GetFiles(Path.Combine(_dataDir, folder), "*.lblog").Order(StringComparer.Ordinal).Last()
            : Directory.GetFiles(Path.Combine(_dataDir, folder), "*.lbsnap").OrderByDescending(f => new FileInfo(f).Length).First();
        byte[] bytes = await File.ReadAllBytesAsync(file);
        int at = folder == "log" ? 20 + 8 + 16 : bytes.Length / 2;
        bytes[at] ^= 0x55;
        await File.WriteAllBytesAsync(file, bytes);

        await using var broken = Start();
        var error = Assert.Throws<AggregateException>(() => broken.Server).Flatten().InnerExceptions.OfType<PersistenceCorruptException>().Single();
        Assert.Equal(file, error.Path);
        Assert.InRange(error.Offset, 0, at);
        Assert.Contains("repair", error.Message, StringComparison.Ordinal);
    }
}
