using System.Diagnostics;
using System.Text.Json;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Live;

/// <summary>Slow and silent hub clients, over real sockets to a server process with short live timeouts.</summary>
[Trait("Category", "Process")]
public sealed class LiveTimeoutTests(LiveTimeoutServer server) : IClassFixture<LiveTimeoutServer>
{
    private static readonly TimeSpan PingEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AClientThatStopsReading_DelaysNoOtherWatcher_AndIsClosed()
    {
        string big = Ids.Board(), small = Ids.Board();
        await server.CreateBoardAsync(big);
        await server.CreateBoardAsync(small);
        string metadata = JsonSerializer.Serialize(new { note = new string('x', 1000) });
        for (int i = 0; i < 100; i++)
            await server.SubmitAsync(big, $"m{i}", i, metadata);
        Assert.Equal(0, await server.WaitForConnectionsAsync(n => n == 0, Settle));

        // Ten top-100 subscriptions of about 110 KB each: the server's sends fill this client's socket buffers within a
        // second or two. It keeps pinging, so only its not reading can get it closed.
        await using var stalled = await RawHubSocket.ConnectAsync(server.Address, read: false, PingEvery);
        for (int limit = 91; limit <= 100; limit++)
            await stalled.InvokeAsync("SubscribeTop", big, limit);
        var watchers = new List<RawHubSocket>();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                var watcher = await RawHubSocket.ConnectAsync(server.Address, read: true, PingEvery);
                watchers.Add(watcher);
                await watcher.InvokeAsync("SubscribeTop", small, 10);
            }

            // Past the time the buffers take to fill, plus the send timeout: every change of the other board reaches
            // every watcher promptly all along, while the big board keeps changing for the stalled client.
            var clock = Stopwatch.StartNew();
            for (int round = 1; round <= 200 && clock.Elapsed < LiveTimeoutServer.SendTimeout * 3; round++)
            {
                await server.SubmitAsync(big, $"m{round % 100}", 1000 + round, metadata);
                await server.SubmitAsync(small, "leader", round);
                await Task.WhenAll(watchers.Select(w => w.WaitForTopScoreAsync(small, round, TimeSpan.FromSeconds(2))));
            }

            // The server closed the stalled connection: only the watchers are left.
            Assert.Equal(watchers.Count, await server.WaitForConnectionsAsync(n => n <= watchers.Count, Settle));
        }
        finally
        {
            foreach (var watcher in watchers)
                await watcher.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConnectionsThatSendNothing_AreClosed_AndTheGaugeComesBack()
    {
        string board = Ids.Board();
        await server.CreateBoardAsync(board);
        Assert.Equal(0, await server.WaitForConnectionsAsync(n => n == 0, Settle));
        await using var pinging = await RawHubSocket.ConnectAsync(server.Address, read: true, PingEvery);
        await pinging.InvokeAsync("SubscribeTop", board, 10);

        // Each makes one call and then neither sends nor reads: SignalR alone would keep them open for good.
        var silent = new List<RawHubSocket>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                var socket = await RawHubSocket.ConnectAsync(server.Address, read: false, pingEvery: null);
                silent.Add(socket);
                await socket.InvokeAsync("SubscribeTop", board, 10);
            }
            Assert.Equal(101, await server.WaitForConnectionsAsync(n => n >= 101, Settle));

            Assert.Equal(1, await server.WaitForConnectionsAsync(n => n <= 1, Settle));
            // The client that keeps pinging is still open and still served.
            await server.SubmitAsync(board, "after", 42);
            await pinging.WaitForTopScoreAsync(board, 42, TimeSpan.FromSeconds(5));
        }
        finally
        {
            foreach (var socket in silent)
                await socket.DisposeAsync();
        }
    }
}
