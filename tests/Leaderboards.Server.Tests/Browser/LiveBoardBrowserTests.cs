using System.Net;
using System.Net.Http.Json;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Leaderboards.Server.Tests.Browser;

/// <summary>
/// The web UI in Debian's Chromium (headless, driven by Playwright) against a real server process: scores submitted
/// over REST appear and move in the live table. Screenshots are kept in the test output's artifacts/ folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LiveBoardBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lb-browser-" + Guid.NewGuid().ToString("N"));
    private ServerProcess _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        RequiredTool.Find(Chromium);
        _server = await ServerProcess.StartAsync(_dataDir);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Artifacts);
    }

    public async Task DisposeAsync()
    {
        // Each part may be missing when the start failed half-way; whatever did start is stopped.
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }

    private async Task SubmitAsync(string board, string player, long score)
    {
        using var response = await _server.Client.PostAsJsonAsync($"/api/v1/boards/{board}/scores", new { playerId = player, score });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(BrowserNewPageOptions? options = null)
    {
        var page = await _browser.NewPageAsync(options);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    [Fact]
    public async Task ScoresSubmittedOverRest_AppearAndMove_InTheLiveTable()
    {
        using var created = await _server.Client.PutAsJsonAsync("/api/v1/boards/arena", new { displayName = "Arena", publicRead = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (page, errors) = await OpenAsync();
        await page.GotoAsync(_server.Client.BaseAddress + "#/boards/arena");
        await Expect(page.Locator(".status")).ToHaveTextAsync("live", new() { Timeout = 15_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Arena");

        await SubmitAsync("arena", "ada", 300);
        await SubmitAsync("arena", "bob", 200);
        await SubmitAsync("arena", "cyd", 100);
        var rows = page.Locator("[data-testid=ranking] tbody tr");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 5_000 });
        await Expect(rows.Locator("td.player")).ToHaveTextAsync(["ada", "bob", "cyd"], new() { Timeout = 5_000 });
        await Expect(page.Locator("[data-testid=total]")).ToHaveTextAsync("3");

        await SubmitAsync("arena", "cyd", 500);
        await Expect(rows.Locator("td.player")).ToHaveTextAsync(["cyd", "ada", "bob"], new() { Timeout = 5_000 });
        await Expect(rows.Nth(0).Locator("td.rank")).ToHaveTextAsync("1");
        await Expect(page.Locator(".chart svg rect").First).ToBeAttachedAsync(new() { Timeout = 5_000 });
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "live-board.png"), FullPage = true });

        Assert.Empty(errors);
    }

    [Fact]
    public async Task OnAPhoneSizedScreen_TheBoardFitsAndThePlayerPageWorks()
    {
        using var created = await _server.Client.PutAsJsonAsync("/api/v1/boards/mobile", new { publicRead = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        for (int i = 0; i < 12; i++)
            await SubmitAsync("mobile", $"player-with-a-long-name-{i}", i * 10);
        var (page, errors) = await OpenAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

        await page.GotoAsync(_server.Client.BaseAddress + "#/boards/mobile");
        await Expect(page.Locator("[data-testid=ranking] tbody tr")).ToHaveCountAsync(10, new() { Timeout = 15_000 });
        int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the screen");

        await page.GotoAsync(_server.Client.BaseAddress + "#/player?board=mobile&player=player-with-a-long-name-5");
        await Expect(page.Locator("[data-testid=player-result] .stats")).ToContainTextAsync("#7", new() { Timeout = 5_000 });
        await Expect(page.Locator("[data-testid=player-result] tr.me")).ToContainTextAsync("player-with-a-long-name-5");
        await Expect(page.Locator("[data-testid=player-live]")).ToHaveTextAsync("live", new() { Timeout = 15_000 });

        // Two players overtake: the view follows the rank change pushed by the hub.
        await SubmitAsync("mobile", "overtaker-1", 1000);
        await SubmitAsync("mobile", "overtaker-2", 1001);
        await Expect(page.Locator("[data-testid=player-result] .stats")).ToContainTextAsync("#9", new() { Timeout = 5_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "player-phone.png"), FullPage = true });

        Assert.Empty(errors);
    }

    [Fact]
    public async Task AdminPage_CreatesABoard_AKey_AndASnapshot()
    {
        var (page, errors) = await OpenAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.AddInitScriptAsync($"localStorage.setItem('leaderboards.apiKey', '{ServerFactory.AdminKey}')");
        await page.GotoAsync(_server.Client.BaseAddress + "#/admin");

        var form = page.Locator("[data-testid=board-form]");
        await form.Locator("input[name=id]").FillAsync("made-in-ui");
        await form.Locator("input[name=displayName]").FillAsync("Made in the UI");
        await form.Locator("select[name=order]").SelectOptionAsync("asc");
        await form.Locator("input[name=publicRead]").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("section").Nth(0)).ToContainTextAsync("Made in the UI", new() { Timeout = 5_000 });

        await page.Locator("input[name=name]").FillAsync("ui key");
        await page.Locator("button", new() { HasText = "Create key" }).ClickAsync();
        await Expect(page.Locator("p.ok code")).ToContainTextAsync("lbk_", new() { Timeout = 5_000 });

        await page.Locator("button", new() { HasText = "Take a snapshot now" }).ClickAsync();
        await Expect(page.Locator("section").Nth(2).Locator("tr")).Not.ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "admin.png"), FullPage = true });

        var board = await _server.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/v1/boards/made-in-ui");
        Assert.Equal("asc", (string?)board!["order"]);
        Assert.True((bool)board["publicRead"]!);
        Assert.Empty(errors);
    }
}
