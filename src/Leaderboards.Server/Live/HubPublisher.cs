using System.Collections.Concurrent;
using Leaderboards.Contracts;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Live.Internal;
using Leaderboards.Service.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Leaderboards.Server.Live;

/// <summary>
/// Sends the live feed's updates over the hub, each connection through its own outbox: one send in flight per connection
/// and only the latest update of each subscription waiting behind it, so a connection that reads slowly or not at all
/// delays no one else and holds a bounded amount of memory. A top-N is serialised once for all its subscribers, as a
/// SignalR group message is: the first connection's send serialises it, the others copy the bytes. Top-N updates reach
/// the outboxes through a <see cref="FanOut"/>, a chunk of connections at a time, so the rest of the server keeps running
/// while thousands of watchers are served.
/// </summary>
internal sealed class HubPublisher : ILivePublisher
{
    private readonly ConcurrentDictionary<string, ConnectionOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly FanOut _fanOut;
    // Numbers each top-N handed to the fan-out, so an unsubscription also drops the ones still on their way to the outbox.
    private long _published;

    public HubPublisher(TimeProvider time)
    {
        _time = time;
        _fanOut = new FanOut(Deliver);
    }

    public static TopChangedMessage ToMessage(TopUpdate top) =>
        new(top.BoardId, top.Limit, top.Total, top.Entries.ToResponses()) { Season = top.Season };

    public static RankChangedMessage ToMessage(RankUpdate update) =>
        new(update.BoardId, update.PlayerId, update.Rank, update.PreviousRank, update.Score, update.Subscore, update.Total, update.OvertakenBy);

    public void PublishTop(TopUpdate top, IReadOnlyCollection<string> connectionIds)
    {
        var message = new SerializedHubMessage(new InvocationMessage("TopChanged", [ToMessage(top)]));
        var key = new ConnectionOutbox.Key(top.BoardId, top.Limit, null);
        string[] ids = connectionIds as string[] ?? [.. connectionIds];
        _fanOut.Enqueue(new FanOut.Job(key, message, ids, Interlocked.Increment(ref _published)));
    }

    public void PublishRank(string connectionId, RankUpdate update)
    {
        // Kept as the message itself until it is sent, so a waiting standing can be merged with a newer one.
        if (_outboxes.TryGetValue(connectionId, out var outbox))
            outbox.Offer(new ConnectionOutbox.Key(update.BoardId, 0, update.PlayerId), ToMessage(update));
    }

    public void Unsubscribed(string connectionId, string boardId)
    {
        if (_outboxes.TryGetValue(connectionId, out var outbox))
            outbox.Drop(boardId, Interlocked.Read(ref _published));
    }

    /// <summary>A connection opened: updates for it are sent from now on.</summary>
    public void Opened(HubConnectionContext connection) =>
        _outboxes[connection.ConnectionId] = new ConnectionOutbox(message => Send(connection, message), _time);

    /// <summary>A connection closed: its waiting updates are dropped. Updates published for it later find no outbox.</summary>
    public void Closed(string connectionId)
    {
        if (_outboxes.TryRemove(connectionId, out var outbox))
            outbox.Close();
    }

    /// <summary>Connections whose send in flight has waited longer than <paramref name="timeout"/>, each named once.</summary>
    public List<string> Stalled(TimeSpan timeout)
    {
        var stalled = new List<string>();
        foreach (var (connectionId, outbox) in _outboxes)
        {
            if (outbox.TryMarkStalled(timeout))
                stalled.Add(connectionId);
        }
        return stalled;
    }

    private void Deliver(string connectionId, ConnectionOutbox.Key key, object message, long sequence)
    {
        if (_outboxes.TryGetValue(connectionId, out var outbox))
            outbox.Offer(key, message, sequence);
    }

    /// <summary>Completes when the connection has taken the message (its transport's buffer is below its limit).</summary>
    private static Task Send(HubConnectionContext connection, object message) => message switch
    {
        SerializedHubMessage serialized => connection.WriteAsync(serialized).AsTask(),
        RankChangedMessage rank => connection.WriteAsync(new InvocationMessage("RankChanged", [rank])).AsTask(),
        _ => throw new ArgumentException($"No live message is a {message.GetType().Name}.", nameof(message)),
    };
}
