using Leaderboards.Server.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Tests.Hosting;

/// <summary>Kestrel's socket scheduling follows <c>Leaderboards:InlineSocketScheduling</c>.</summary>
public sealed class SocketSchedulingTests
{
    [Fact]
    public async Task SocketCompletions_GoToThePool_ByDefault()
    {
        await using var server = new ServerFactory();
        var sockets = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.False(sockets.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task SocketCompletions_RunInline_WhenInlineSchedulingIsOn()
    {
        await using var server = new ServerFactory(settings: new() { ["Leaderboards:InlineSocketScheduling"] = "true" });
        var sockets = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.True(sockets.UnsafePreferInlineScheduling);
    }
}
