using Leaderboards.Contracts;
using Leaderboards.Server.Live.Internal;

namespace Leaderboards.Server.Tests.Live;

public sealed class ConnectionOutboxTests
{
    private static readonly ConnectionOutbox.Key Top = new("board", 10, null);
    private readonly Client _client = new();
    private readonly Clock _clock = new();
    private readonly ConnectionOutbox _outbox;

    public ConnectionOutboxTests() => _outbox = new ConnectionOutbox(_client.SendAsync, _clock);

    [Fact]
    public void OneSendIsInFlight_AndOnlyTheLatestUpdateWaitsBehindIt()
    {
        _outbox.Offer(Top, "v1");
        _outbox.Offer(Top, "v2");
        _outbox.Offer(Top, "v3");
        Assert.Equal(["v1"], _client.Sent);

        _client.CompleteNext();
        Assert.Equal(["v1", "v3"], _client.Sent);
        _client.CompleteNext();
        _outbox.Offer(Top, "v4");
        Assert.Equal(["v1", "v3", "v4"], _client.Sent);
    }

    [Fact]
    public void EachSubscription_KeepsItsOwnLatestUpdate_InTheOrderTheyFirstWaited()
    {
        var other = new ConnectionOutbox.Key("board", 100, null);
        _outbox.Offer(Top, "a1");
        _outbox.Offer(other, "b1");
        _outbox.Offer(Top, "a2");
        _outbox.Offer(other, "b2");
        _client.CompleteNext();
        _client.CompleteNext();
        _client.CompleteNext();
        Assert.Equal(["a1", "b2", "a2"], _client.Sent);
    }

    [Fact]
    public void ASendThatWaitsPastTheTimeout_IsReportedOnce()
    {
        _outbox.Offer(Top, "v1");
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(_outbox.TryMarkStalled(TimeSpan.FromSeconds(5)));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_outbox.TryMarkStalled(TimeSpan.FromSeconds(5)));
        Assert.False(_outbox.TryMarkStalled(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AConnectionThatKeepsUp_IsNeverStalled()
    {
        for (int i = 0; i < 10; i++)
        {
            _outbox.Offer(Top, $"v{i}");
            _clock.Advance(TimeSpan.FromSeconds(1));
            _client.CompleteNext();
        }
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(_outbox.TryMarkStalled(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void CoalescedStandings_KeepThePreviousRankTheClientSaw_AndEveryoneWhoOvertook()
    {
        var player = new ConnectionOutbox.Key("board", 0, "me");
        _outbox.Offer(Top, "first");
        _outbox.Offer(player, new RankChangedMessage("board", "me", 2, 1, 10, 0, 3, ["a"]));
        _outbox.Offer(player, new RankChangedMessage("board", "me", 3, 2, 10, 0, 3, ["b"]));
        _client.CompleteNext();
        var sent = Assert.IsType<RankChangedMessage>(_client.Arguments[^1]);
        Assert.Equal(3, sent.Rank);
        Assert.Equal(1, sent.PreviousRank);
        Assert.Equal(["a", "b"], sent.OvertakenBy);
    }

    [Fact]
    public void AClosedOutbox_DropsWhatWaits_AndSendsNothingMore()
    {
        _outbox.Offer(Top, "v1");
        _outbox.Offer(Top, "v2");
        _outbox.Close();
        _client.CompleteNext();
        _outbox.Offer(Top, "v3");
        Assert.Equal(["v1"], _client.Sent);
    }

    [Fact]
    public void ATopPublishedBeforeTheConnectionLeftItsBoard_IsNotSent_WhenItArrivesLate()
    {
        _outbox.Drop("board", publishedUpTo: 5);
        _outbox.Offer(Top, "published before leaving", published: 5);
        _outbox.Offer(new ConnectionOutbox.Key("other", 10, null), "another board", published: 4);
        _client.CompleteNext();
        _outbox.Offer(Top, "published after subscribing again", published: 6);
        Assert.Equal(["another board", "published after subscribing again"], _client.Sent);
    }

    /// <summary>Each send stays in flight until the test completes it.</summary>
    private sealed class Client
    {
        private readonly Queue<TaskCompletionSource> _inFlight = new();

        public List<string> Sent { get; } = [];

        public List<object> Arguments { get; } = [];

        public Task SendAsync(object message)
        {
            Sent.Add(message.ToString()!);
            Arguments.Add(message);
            // Synchronous continuations: the outbox's next send happens inside CompleteNext, so the test needs no waiting.
            var done = new TaskCompletionSource();
            _inFlight.Enqueue(done);
            return done.Task;
        }

        public void CompleteNext() => _inFlight.Dequeue().SetResult();
    }

    private sealed class Clock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
