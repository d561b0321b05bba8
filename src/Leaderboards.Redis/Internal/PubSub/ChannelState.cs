using Leaderboards.Redis.Internal.Connections;

namespace Leaderboards.Redis.Internal.PubSub;

/// <summary>
/// One subscribed channel: its handlers, and the connection it is subscribed on right now (none while it
/// is being moved after a reconnect, a failover or a reshard).
/// </summary>
internal sealed class ChannelState
{
    private readonly object _lock = new();
    private Action<RedisChannelMessage>[] _handlers = [];
    private TaskCompletionSource _confirmed = NewSignal();

    public ChannelState(string channel, bool sharded)
    {
        Channel = channel;
        Sharded = sharded;
    }

    public string Channel { get; }

    /// <summary>True for <c>SSUBSCRIBE</c> (a shard's master), false for <c>SUBSCRIBE</c>.</summary>
    public bool Sharded { get; }

    /// <summary>The connection the subscribe command was last sent on.</summary>
    public RespConnection? Connection { get; set; }

    public Action<RedisChannelMessage>[] Handlers => Volatile.Read(ref _handlers);

    /// <summary>Completes when the server confirms the current subscription.</summary>
    public Task Confirmed
    {
        get
        {
            lock (_lock)
            {
                return _confirmed.Task;
            }
        }
    }

    public bool IsConfirmedOn(RespConnection? connection) =>
        connection is { IsAlive: true } && ReferenceEquals(connection, Connection) && Confirmed.IsCompletedSuccessfully;

    public void Add(Action<RedisChannelMessage> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers, handler];
        }
    }

    /// <summary>Removes a handler; true when none is left.</summary>
    public bool Remove(Action<RedisChannelMessage> handler)
    {
        lock (_lock)
        {
            int index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
            }

            return _handlers.Length == 0;
        }
    }

    /// <summary>Records that a subscribe was sent on <paramref name="connection"/>; confirmation is awaited anew.</summary>
    public void SentOn(RespConnection connection)
    {
        lock (_lock)
        {
            Connection = connection;
            if (_confirmed.Task.IsCompleted)
            {
                _confirmed = NewSignal();
            }
        }
    }

    public void Confirm(RespConnection connection)
    {
        lock (_lock)
        {
            if (ReferenceEquals(connection, Connection))
            {
                _confirmed.TrySetResult();
            }
        }
    }

    /// <summary>The subscription was dropped by the server (slot moved): it must be sent again.</summary>
    public void Lost(RespConnection connection)
    {
        lock (_lock)
        {
            if (ReferenceEquals(connection, Connection))
            {
                Connection = null;
                if (_confirmed.Task.IsCompleted)
                {
                    _confirmed = NewSignal();
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
