using Leaderboards.Server.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Tests.Hosting;

/// <summary>Kestrel's socket scheduling follows <c>Leaderboards:InlineSocketScheduling</c> and <c>Leaderboards:SocketIoQueues</c>.</summary>
public sealed class SocketSchedulingTests
{
    [Fact]
    public async Task SocketCompletions_GoToThePool_ByDefault()
    {
        await using var server = new ServerFactory();
        var sockets = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.False(sockets.UnsafePreferInlineScheduling);
        Assert.Equal(0, sockets.IOQueueCount); // each completion its own work item, no I/O queue to wait behind
    }

    [Fact]
    public async Task SocketCompletions_GoThroughIoQueues_WhenSomeAreAskedFor()
    {
        await using var server = new ServerFactory(settings: new() { ["Leaderboards:SocketIoQueues"] = "2" });
        var sockets = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.Equal(2, sockets.IOQueueCount);
    }

    [Theory]
    [InlineData("--Leaderboards:SocketIoQueues=-1", "Leaderboards:SocketIoQueues is -1; it must be from 0 to 64.")]
    [InlineData("--Leaderboards:SocketIoQueues=65", "Leaderboards:SocketIoQueues is 65; it must be from 0 to 64.")]
    [InlineData("--Leaderboards:Store=files", "Leaderboards:Store is 'files'; it must be 'embedded' or 'redis'.")]
    public async Task AnInvalidSetting_StopsTheStart_WithOneLine_AndExitCode2(string setting, string reason)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "lb-setting-" + Guid.NewGuid().ToString("N"));
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(dataDir, setting);
        Assert.Equal(2, exitCode);
        Assert.Equal("Leaderboards cannot start: " + reason, error.TrimEnd());
        Assert.Equal("", output);
        Assert.False(Directory.Exists(dataDir)); // nothing was created for a start that did not happen
    }
}
