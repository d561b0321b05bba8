using System.Runtime.CompilerServices;
using Leaderboards.Engine;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Live;
using Leaderboards.Service.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Service.Tests.Live;

/// <summary>The live feed keeps no engine board alive once the catalog let go of it: not a deleted one, not a dropped season.</summary>
public sealed class LiveFeedReleaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly RecordingPublisher _publisher = new();
    private readonly LiveFeed _feed;

    public LiveFeedReleaseTests() => _feed = new LiveFeed(_publisher, NullLogger<LiveFeed>.Instance);

    [Fact]
    public async Task ADeletedBoard_IsReleased_AndItsFeedGoesWithItsLastSubscriber()
    {
        await using var catalog = new BoardCatalog(new MemoryStore(), TimeProvider.System, [_feed]);
        var board = await WatchedBoardAsync(catalog, "deleted", "watcher");
        Assert.Contains(_publisher.Tops, t => t.Top.BoardId == "deleted" && t.Connections is ["watcher"]);

        Assert.True(await catalog.DeleteAsync("deleted", None));
        await _feed.PublishDueAsync(None);
        Assert.True(await Collected(board), "the deleted board's engine board is still reachable");
        // The subscription stays until the subscriber leaves (a board created again under the id would serve it).
        Assert.Equal(1, _feed.FeedCount);
        _feed.RemoveConnection("watcher");
        Assert.Equal(0, _feed.FeedCount);
    }

    [Fact]
    public async Task ABoardDeletedWithoutSubscribers_LeavesNoFeed()
    {
        await using var catalog = new BoardCatalog(new MemoryStore(), TimeProvider.System, [_feed]);
        await catalog.PutAsync("unwatched", new BoardChange(), None);
        Assert.Equal(1, _feed.FeedCount);
        Assert.True(await catalog.DeleteAsync("unwatched", None));
        Assert.Equal(0, _feed.FeedCount);
    }

    [Fact]
    public async Task ABoardCreatedAgain_ServesTheSubscribersItsDeletedNamesakeHad()
    {
        await using var catalog = new BoardCatalog(new MemoryStore(), TimeProvider.System, [_feed]);
        await WatchedBoardAsync(catalog, "again", "watcher");
        Assert.True(await catalog.DeleteAsync("again", None));
        var (handle, _) = await catalog.PutAsync("again", new BoardChange(), None);
        await handle.Board.SubmitAsync(new ScoreSubmission("new", 7), None);
        _publisher.Tops.Clear();
        await _feed.PublishDueAsync(None);
        var (top, connections) = Assert.Single(_publisher.Tops);
        Assert.Equal(["watcher"], connections);
        Assert.Equal("new", Assert.Single(top.Entries).PlayerId);
    }

    [Fact]
    public async Task DroppedSeasons_AreReleased()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var catalog = new BoardCatalog(new MemoryStore(), clock, [_feed]);
        var first = await WatchedBoardAsync(catalog, "daily", "watcher", new BoardChange { Reset = new ResetChange("day", null, null, 1) });
        catalog.TryGet("daily", out var handle);
        // With one archived season kept, the first is dropped at the second rollover and disposed at the third.
        for (int day = 0; day < 3; day++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            var season = await handle.CurrentSeasonAsync(None);
            await season.Board.SubmitAsync(new ScoreSubmission($"day{day}", day), None);
            await _feed.PublishDueAsync(None);
        }
        Assert.Equal(2, handle.Seasons.Count);
        Assert.True(await Collected(first), "a dropped season's engine board is still reachable");
    }

    /// <summary>Creates a board with scores and a top subscriber, publishes once; answers the engine board, held weakly.</summary>
    private async Task<WeakReference> WatchedBoardAsync(BoardCatalog catalog, string boardId, string connectionId, BoardChange? change = null)
    {
        var (handle, _) = await catalog.PutAsync(boardId, change ?? new BoardChange(), None);
        _feed.Connected();
        _feed.AddTop(connectionId, boardId, 10);
        for (int i = 0; i < 20; i++)
            await handle.Board.SubmitAsync(new ScoreSubmission($"p{i}", i, Metadata: "{\"note\":\"kept with the entry\"}"u8.ToArray()), None);
        await _feed.PublishDueAsync(None);
        return Weak(handle.Board);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weak(object target) => new(target);

    /// <summary>Full collections until the target is gone, at most ten.</summary>
    private static async Task<bool> Collected(WeakReference target)
    {
        for (int i = 0; i < 10 && target.IsAlive; i++)
        {
            // Off the stack of whatever completed the last await: its frames may still hold the target.
            await Task.Yield();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !target.IsAlive;
    }
}
