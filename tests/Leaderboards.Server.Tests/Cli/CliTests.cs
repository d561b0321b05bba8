using Leaderboards.Cli.Commands;
using Leaderboards.Server.Tests.Support;
using Spectre.Console;

namespace Leaderboards.Server.Tests.Cli;

/// <summary>The admin CLI against the in-memory server: every command, and its errors and exit codes.</summary>
public sealed class CliTests(ServerFactory server) : IClassFixture<ServerFactory>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lb-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        int exit = await LeaderboardsCli.RunAsync([.. args, "--url", "http://localhost/", "--key", ServerFactory.AdminKey], console, server.Server.CreateHandler());
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Boards_Create_List_Delete()
    {
        string id = Ids.Board("cli");
        var created = await RunAsync("boards", "create", id, "--order", "asc", "--policy", "sum", "--partitions", "2", "--public", "true");
        Assert.Equal(0, created.Exit);
        Assert.Contains("asc, sum, 2 partitions", created.Output, StringComparison.Ordinal);
        Assert.Contains(id, (await RunAsync("boards", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("boards", "delete", id)).Exit);
        Assert.DoesNotContain(id, (await RunAsync("boards", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCsv_ThenTopRankAndExportNdjson()
    {
        string id = Ids.Board("cli");
        await RunAsync("boards", "create", id);
        string csv = Path.Combine(_dir, "in.csv");
        await File.WriteAllTextAsync(csv, "playerId,score,subscore\nann,100,1\n\"bo, the great\",200\ncy,150\n");
        var imported = await RunAsync("import", id, csv);
        Assert.Equal(0, imported.Exit);
        Assert.Contains("imported 3 entries", imported.Output, StringComparison.Ordinal);

        var top = await RunAsync("top", id, "--limit", "2");
        Assert.Matches(@"1\s+│ bo, the great\s+│ 200", top.Output);
        Assert.Matches(@"2\s+│ cy\s+│ 150", top.Output);
        Assert.Contains("rank 3 of 3, score 100", (await RunAsync("rank", id, "ann")).Output, StringComparison.Ordinal);

        string ndjson = Path.Combine(_dir, "out.ndjson");
        Assert.Equal(0, (await RunAsync("export", id, ndjson)).Exit);
        var lines = await File.ReadAllLinesAsync(ndjson);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"playerId\":\"bo, the great\",\"score\":200", lines[0], StringComparison.Ordinal);

        string copy = Ids.Board("cli");
        await RunAsync("boards", "create", copy);
        Assert.Equal(0, (await RunAsync("import", copy, ndjson)).Exit);
        string csvOut = Path.Combine(_dir, "copy.csv");
        Assert.Equal(0, (await RunAsync("export", copy, csvOut)).Exit);
        Assert.StartsWith("\"bo, the great\",200,0,", (await File.ReadAllLinesAsync(csvOut))[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotsAndKeys()
    {
        Assert.Contains("snapshot ", (await RunAsync("snapshot", "create")).Output, StringComparison.Ordinal);
        Assert.Matches(@"\d{12}", (await RunAsync("snapshot", "list")).Output);
        var created = await RunAsync("keys", "create", "cli-test", "--role", "writer");
        Assert.Equal(0, created.Exit);
        Assert.Contains("lbk_", created.Output, StringComparison.Ordinal);
        string keyId = System.Text.RegularExpressions.Regex.Match(created.Output, @"key (\w+) \(writer\)").Groups[1].Value;
        Assert.Contains("cli-test", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("keys", "revoke", keyId)).Exit);
        Assert.Equal(1, (await RunAsync("keys", "revoke", keyId)).Exit);
        Assert.Equal(1, (await RunAsync("snapshot", "restore", "000000000001")).Exit); // not confirmed in a non-interactive console
    }

    [Fact]
    public async Task Errors_AreOneLine_WithTheirExitCodes()
    {
        var missing = await RunAsync("top", "no-such-board");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("404 Board not found", missing.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("boards", "create", "x", "--order", "sideways")).Exit);
        Assert.Equal(2, (await RunAsync("no-such-command")).Exit);
        var noFile = await RunAsync("import", "any", Path.Combine(_dir, "missing.csv"));
        Assert.Equal(5, noFile.Exit);
        string bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "ann,12x\n");
        string id = Ids.Board("cli");
        await RunAsync("boards", "create", id);
        var badLine = await RunAsync("import", id, bad);
        Assert.Equal(5, badLine.Exit);
        Assert.Contains("line 1: score '12x' is not an integer", badLine.Output, StringComparison.Ordinal);
    }
}
