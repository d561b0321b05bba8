using System.Collections.Concurrent;
using Leaderboards.Server.Live.Internal;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests.Live;

public sealed class FanOutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ConnectionOutbox.Key Top = new("board", 10, null);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<object>> _received = new();
    private readonly CountSignal _delivered = new();

    [Fact]
    public async Task EveryConnection_GetsEveryUpdate_InPublishOrder_AcrossChunks()
    {
        // Chunks of 7 over jobs of 50 connections: jobs end mid-chunk and span several chunks.
        var fanOut = new FanOut(Deliver, chunkSize: 7);
        string[] connections = [.. Enumerable.Range(0, 50).Select(i => $"c{i}")];
        for (int v = 1; v <= 20; v++)
            fanOut.Enqueue(new FanOut.Job(Top, v, connections, v));

        await _delivered.WhenAtLeastAsync(20 * 50).WaitAsync(Timeout);

        Assert.Equal(50, _received.Count);
        foreach (var (_, updates) in _received)
            Assert.Equal(Enumerable.Range(1, 20).Cast<object>(), updates);
        Assert.Equal(0, fanOut.Pending);
    }

    [Fact]
    public async Task JobsPublishedFromManyThreads_AreAllHandedOver()
    {
        var fanOut = new FanOut(Deliver, chunkSize: 5);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int v = 0; v < 100; v++)
                fanOut.Enqueue(new FanOut.Job(Top, v, [$"t{t}-a", $"t{t}-b", $"t{t}-c"], v));
        })));

        await _delivered.WhenAtLeastAsync(8 * 100 * 3).WaitAsync(Timeout);

        // Each thread's connections got that thread's jobs in the order it published them.
        foreach (var (_, updates) in _received)
            Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), updates);
    }

    private void Deliver(string connectionId, ConnectionOutbox.Key key, object message, long sequence)
    {
        _received.GetOrAdd(connectionId, _ => new ConcurrentQueue<object>()).Enqueue(message);
        _delivered.Increment();
    }
}
