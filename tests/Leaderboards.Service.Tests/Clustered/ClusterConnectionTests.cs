using System.Net;
using System.Net.Sockets;
using Leaderboards.Engine;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>Reaching the cluster: a whole cluster is accepted, anything else is refused with one clear line.</summary>
public sealed class ClusterConnectionTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task AWholeCluster_IsAccepted_FromAnySeed_AndReportsEachPartitionsMasterAndReplica()
    {
        var options = new ClusterStoreOptions { Endpoints = $"127.0.0.1:{cluster.BasePort + 4}, 127.0.0.1:{cluster.BasePort}" };
        await using var client = await ClusterConnection.ConnectAsync(options);
        Assert.Equal(3, client.Masters.Count);

        var board = new ClusterBoard(client, "status:", $"b{Guid.NewGuid():N}", new BoardOptions { Partitions = 6 }, new ClusterWriteOptions { WaitReplicas = 1 });
        for (int i = 0; i < 60; i++)
            await board.SubmitAsync(new ScoreSubmission($"p{i}", i));
        var status = await board.GetShardStatusAsync();
        Assert.Equal(60, status.Sum(s => s.Entries));
        Assert.All(status, s => Assert.Equal(1, s.Replicas));
        Assert.All(status, s => Assert.NotNull(s.ReplicaLagBytes));
        // Six partitions on three masters: hash tags put them on more than one.
        Assert.True(status.Select(s => s.Master).Distinct().Count() > 1);
    }

    [Fact]
    public async Task NothingListening_IsRefused_WithOneLineNamingTheSeeds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new ClusterStoreOptions { Endpoints = $"127.0.0.1:{port}", CommandTimeout = TimeSpan.FromSeconds(1) };
        var refused = await Assert.ThrowsAsync<ClusterUnavailableException>(() => ClusterConnection.ConnectAsync(options));
        Assert.Contains($"127.0.0.1:{port} cannot be reached", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Theory]
    [InlineData("", "Endpoints")]
    [InlineData("localhost:port", "Endpoints")]
    public void BadSettings_AreRefused_NamingTheSetting(string endpoints, string setting)
    {
        var refused = Assert.Throws<ArgumentException>(() => new ClusterStoreOptions { Endpoints = endpoints }.Validate());
        Assert.Contains(setting, refused.Message);
        Assert.Throws<ArgumentException>(() => new ClusterStoreOptions { KeyPrefix = "a{b}" }.Validate());
        Assert.Throws<ArgumentException>(() => new ClusterStoreOptions { WaitReplicas = -1 }.Validate());
    }
}
