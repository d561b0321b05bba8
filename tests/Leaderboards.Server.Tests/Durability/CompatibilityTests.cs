using System.Net;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Durability;

/// <summary>
/// A snapshot and a log segment written by format version 1 (checked in under Compat/v1) must load to exactly the state
/// they held: the boards' configuration, every entry with its time and metadata, the key and a deleted board staying gone.
/// </summary>
public sealed class CompatibilityTests : IDisposable
{
    private const string ReaderKey = "lbk_dkeRIHVY5kEEsYGGdplEjKULFlywo2cJ";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-compat-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Version1_SnapshotAndLog_LoadExactly()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Durability", "Compat", "v1");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(_dataDir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string[] expected = (await File.ReadAllLinesAsync(Path.Combine(source, "expected.txt"))).Where(l => l.Length > 0).ToArray();

        await using var server = new ServerFactory(_dataDir);
        var admin = server.Admin();
        Assert.Equal(expected[0], (await admin.GetAsync("/api/v1/boards/season-1/entries?consistency=strong")).Body);
        Assert.Equal(expected[1], (await admin.GetAsync("/api/v1/boards/totals/entries?consistency=strong")).Body);

        var season = (await admin.GetAsync("/api/v1/boards/season-1")).Json;
        Assert.Equal("Season 1", (string?)season["displayName"]);
        Assert.Equal("asc", (string?)season["order"]);
        Assert.Equal("competition", (string?)season["rankMode"]);
        Assert.Equal(1000000, (long)season["maxScore"]!);
        Assert.Equal(3, (int)season["partitions"]!);
        Assert.Equal(1, (int)season["replicas"]!);
        Assert.True((bool)season["publicRead"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/boards/temp")).Status);

        var keys = (await admin.GetAsync("/api/v1/admin/keys")).Json["keys"]!.AsArray();
        Assert.Equal(7, (int)keys.Single(k => (string?)k!["name"] == "compat reader")!["permitsPerPeriod"]!);
        Assert.Equal(HttpStatusCode.OK, (await server.Client(ReaderKey).GetAsync("/api/v1/boards/totals/top")).Status);
    }
}
