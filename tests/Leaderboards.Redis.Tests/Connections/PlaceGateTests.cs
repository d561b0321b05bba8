using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis.Tests.Connections;

/// <summary>The bound on outstanding commands: free places are taken at once, waiters wake when places return.</summary>
[Trait("Category", "Redis")]
public sealed class PlaceGateTests
{
    [Fact]
    public async Task Waiter_GetsAPlace_WhenOneIsGivenBack()
    {
        var gate = new PlaceGate(2);
        Assert.True(gate.TryTake(2));
        Assert.False(gate.TryTake(1));
        ValueTask<PlaceGate.Outcome> waiting = gate.TakeAsync(1, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        gate.Give(1);
        Assert.Equal(PlaceGate.Outcome.Taken, await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(gate.TryTake(1));
    }

    [Fact]
    public async Task Waiter_TimesOut_WhenNoPlaceFrees()
    {
        var gate = new PlaceGate(1);
        Assert.True(gate.TryTake(1));
        Assert.Equal(PlaceGate.Outcome.TimedOut, await gate.TakeAsync(1, TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task Close_WakesEveryWaiter()
    {
        var gate = new PlaceGate(1);
        Assert.True(gate.TryTake(1));
        Task<PlaceGate.Outcome>[] waiting = [.. Enumerable.Range(0, 5).Select(_ => gate.TakeAsync(1, TimeSpan.FromSeconds(30), CancellationToken.None).AsTask())];
        gate.Close();
        PlaceGate.Outcome[] outcomes = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(outcomes, o => Assert.Equal(PlaceGate.Outcome.Closed, o));
    }
}
