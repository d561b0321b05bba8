using System.Net;
using Leaderboards.Server.Hosting;
using Leaderboards.Storage;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Durability;

public sealed class CommandTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-commands-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private async Task<string> SnapshotWithLaterWritesAsync()
    {
        await using var server = new ServerFactory(_dataDir);
        var admin = server.Admin();
        await admin.CreateBoardAsync("b");
        await admin.SubmitAsync("b", "early", 1);
        string id = (string)(await admin.PostAsync("/api/v1/admin/snapshots", "")).Json["id"]!;
        await admin.SubmitAsync("b", "late", 2);
        return Path.Combine(_dataDir, "snapshots", id + ".lbsnap");
    }

    [Fact]
    public async Task OfflineRestore_MakesTheSnapshotTheWholeState_AndKeepsTheRestAside()
    {
        string snapshot = await SnapshotWithLaterWritesAsync();
        var output = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(["restore", snapshot, "--data-dir", _dataDir], output, output));
        Assert.Single(Directory.GetDirectories(_dataDir, "replaced-*"));

        await using var server = new ServerFactory(_dataDir);
        var admin = server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/boards/b/players/early?consistency=strong")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/boards/b/players/late?consistency=strong")).Status);
    }

    [Fact]
    public async Task OfflineRestore_OfADamagedSnapshot_ChangesNothing()
    {
        string snapshot = await SnapshotWithLaterWritesAsync();
        byte[] bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[bytes.Length - 3] ^= 0xFF;
        string damaged = Path.Combine(_dataDir, "damaged.lbsnap");
        await File.WriteAllBytesAsync(damaged, bytes);
        var output = new StringWriter();
        Assert.Equal(1, RestoreCommand.Run(["restore", damaged, "--data-dir", _dataDir], output, output));
        Assert.Contains("damaged", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_dataDir, "replaced-*"));
    }

    [Fact]
    public async Task Repair_CutsADamagedLogAtTheOffset_SoTheServerStartsWithTheRecordsBefore()
    {
        await using (var server = new ServerFactory(_dataDir))
        {
            var admin = server.Admin();
            await admin.CreateBoardAsync("b");
            for (int i = 0; i < 10; i++)
                await admin.SubmitAsync("b", $"p{i}", i);
        }
        string segment = Directory.GetFiles(Path.Combine(_dataDir, "log"), "*.lblog").Single();
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        long offset;
        await using (var refused = new ServerFactory(_dataDir))
            offset = Assert.Throws<AggregateException>(() => refused.Server).Flatten().InnerExceptions.OfType<PersistenceCorruptException>().Single().Offset;

        var output = new StringWriter();
        Assert.Equal(0, RepairCommand.Run(["repair", segment, offset.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, output));
        Assert.Equal(offset, new FileInfo(segment).Length);
        Assert.Single(Directory.GetFiles(Path.Combine(_dataDir, "log"), "*.damaged-*"));

        await using var repaired = new ServerFactory(_dataDir);
        long count = (long)(await repaired.Admin().GetAsync("/api/v1/boards/b/count?consistency=strong")).Json["count"]!;
        Assert.InRange(count, 1, 9);
    }
}
