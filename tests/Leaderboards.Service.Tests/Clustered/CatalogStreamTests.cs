using Leaderboards.Redis.Tests.Support;
using Leaderboards.Service.Clustered;
using Leaderboards.Storage;

namespace Leaderboards.Service.Tests.Clustered;

/// <summary>The catalog stream on a real cluster: records in one order for every node, compare-and-append between nodes.</summary>
public sealed class CatalogStreamTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task TwoNodes_SeeOneOrder_AndTheSecondOfTwoRacingChangesMustDecideAgain()
    {
        string prefix = $"cat{Guid.NewGuid():N}:";
        await using var otherClient = await cluster.ConnectAsync();
        var a = new CatalogStream(cluster.Client, prefix);
        var b = new CatalogStream(otherClient, prefix);

        string? first = await a.TryAppendAsync(new KeyRevoked("k1"), CatalogStream.Start);
        Assert.NotNull(first);
        // B has not seen A's record: its append on the empty stream is refused, and nothing is added.
        Assert.Null(await b.TryAppendAsync(new KeyRevoked("k2"), CatalogStream.Start));
        var seen = await b.ReadAfterAsync(CatalogStream.Start);
        Assert.Equal([first], seen.Select(r => r.Id));
        Assert.Equal(new KeyRevoked("k1"), seen[0].Record);

        string? second = await b.TryAppendAsync(new BoardDeleted("arena", 7), first);
        Assert.NotNull(second);
        var all = await a.ReadAfterAsync(CatalogStream.Start);
        Assert.Equal([new KeyRevoked("k1"), new BoardDeleted("arena", 7)], all.Select(r => r.Record));
        Assert.Empty(await a.ReadAfterAsync(second));
    }

    [Fact]
    public async Task ManyNodesRacing_AppendEachRecordOnce_InOneOrder()
    {
        string prefix = $"cat{Guid.NewGuid():N}:";
        var nodes = Enumerable.Range(0, 4).Select(_ => new CatalogStream(cluster.Client, prefix)).ToArray();
        // Each node appends 10 records, re-reading and retrying whenever another node came first.
        await Task.WhenAll(nodes.Select(async (node, n) =>
        {
            string last = CatalogStream.Start;
            for (int i = 0; i < 10; i++)
            {
                while (true)
                {
                    var newer = await node.ReadAfterAsync(last);
                    if (newer.Count > 0)
                        last = newer[^1].Id;
                    if (await node.TryAppendAsync(new KeyRevoked($"n{n}-{i}"), last) is { } id)
                    {
                        last = id;
                        break;
                    }
                }
            }
        }));
        var records = await nodes[0].ReadAfterAsync(CatalogStream.Start);
        Assert.Equal(40, records.Count);
        Assert.Equal(40, records.Select(r => ((KeyRevoked)r.Record).Id).Distinct().Count());
    }
}
