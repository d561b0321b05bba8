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
    // Deliveries of the last update (20) of the tests that publish 1..20.
    private readonly CountSignal _lastDelivered = new();

    [Fact]
    public async Task EveryConnection_GetsUpdatesInPublishOrder_EndingOnTheLast_AcrossChunks()
    {
        // Chunks of 7 over updates for 50 connections: updates end mid-chunk and span several chunks.
        var fanOut = new FanOut(Deliver, chunkSize: 7);
        string[] connections = [.. Enumerable.Range(0, 50).Select(i => $"c{i}")];
        for (int v = 1; v <= 20; v++)
            fanOut.Enqueue(new FanOut.Job(Top, v, connections, v));

        await _lastDelivered.WhenAtLeastAsync(50).WaitAsync(Timeout);

        Assert.Equal(50, _received.Count);
        foreach (var (_, updates) in _received)
            AssertInOrderEndingOn(20, updates);
        Assert.Equal(0, fanOut.Pending);
    }

    [Fact]
    public async Task UpdatesPublishedFromManyThreads_AreHandedOver_InEachPublishersOrder()
    {
        var fanOut = new FanOut(Deliver, chunkSize: 5);
        // Each thread publishes its own subscription (board t) to its own connections.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var key = new ConnectionOutbox.Key($"board{t}", 10, null);
            for (int v = 1; v <= 20; v++)
                fanOut.Enqueue(new FanOut.Job(key, v, [$"t{t}-a", $"t{t}-b", $"t{t}-c"], v));
        })));

        await _lastDelivered.WhenAtLeastAsync(8 * 3).WaitAsync(Timeout);

        Assert.Equal(8 * 3, _received.Count);
        foreach (var (_, updates) in _received)
            AssertInOrderEndingOn(20, updates);
    }

    [Fact]
    public async Task AWaitingUpdate_IsReplacedByANewerOne_ForTheSameConnectionsOrMore()
    {
        using var release = new ManualResetEventSlim();
        var entered = new CountSignal();
        var fanOut = new FanOut((id, key, message, sequence) =>
        {
            entered.Increment();
            // The first update is held in delivery while the next ones are published behind it.
            if ((int)message == 1)
                release.Wait(Timeout);
            Deliver(id, key, message, sequence);
        });
        fanOut.Enqueue(new FanOut.Job(Top, 1, ["a"], 1));
        await entered.WhenAtLeastAsync(1).WaitAsync(Timeout);

        fanOut.Enqueue(new FanOut.Job(Top, 2, ["a"], 2));
        fanOut.Enqueue(new FanOut.Job(Top, 3, ["a", "b"], 3));
        fanOut.Enqueue(new FanOut.Job(Top, 4, ["b"], 4));
        Assert.Equal(3, fanOut.Pending);
        release.Set();
        await _delivered.WhenAtLeastAsync(4).WaitAsync(Timeout);

        Assert.Equal([1, 3], _received["a"]);
        Assert.Equal([3, 4], _received["b"]);
    }

    private void Deliver(string connectionId, ConnectionOutbox.Key key, object message, long sequence)
    {
        _received.GetOrAdd(connectionId, _ => new ConcurrentQueue<object>()).Enqueue(message);
        _delivered.Increment();
        if (message is 20)
            _lastDelivered.Increment();
    }

    /// <summary>Newer updates may take the place of waiting ones, but never come before them.</summary>
    private static void AssertInOrderEndingOn(int last, IEnumerable<object> updates)
    {
        int[] values = [.. updates.Cast<int>()];
        Assert.Equal(last, values[^1]);
        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second), string.Join(",", values));
    }
}
