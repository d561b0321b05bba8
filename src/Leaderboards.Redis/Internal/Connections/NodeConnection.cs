using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// The one multiplexed connection to a node that all callers share, kept open: when it breaks it is
/// reconnected in the background with exponential backoff (from <see cref="RedisOptions.ReconnectMinBackoff"/>
/// to <see cref="RedisOptions.ReconnectMaxBackoff"/>, with jitter) until it succeeds or this is disposed.
/// Callers never wait for a backoff: while the node is unreachable they get a not-sent
/// <see cref="RedisConnectionException"/> at once, and the cluster layer decides whether to retry elsewhere.
/// </summary>
internal sealed class NodeConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly IPushHandler? _push;
    private readonly bool _subscriber;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _lock = new();
    private RespConnection? _current;
    private Task<RespConnection>? _attempt;
    private Task? _reconnectLoop;
    private Exception? _lastError;
    private bool _everConnected;

    public NodeConnection(RedisEndpoint endpoint, RedisOptions options, bool readOnly, IPushHandler? push, bool subscriber, ILogger logger)
    {
        Endpoint = endpoint;
        ReadOnly = readOnly;
        _options = options;
        _push = push;
        _subscriber = subscriber;
        _logger = logger;
    }

    /// <summary>Raised when the connection breaks (before reconnecting starts).</summary>
    public event Action<NodeConnection>? Broken;

    /// <summary>Raised after a broken connection was re-established.</summary>
    public event Action<NodeConnection, RespConnection>? Reconnected;

    public RedisEndpoint Endpoint { get; }

    /// <summary>True when connections send <c>READONLY</c> so that a replica serves reads.</summary>
    public bool ReadOnly { get; }

    /// <summary>True once disposed: the node left the slot map, or the client closed.</summary>
    public bool IsRetired => _disposed.IsCancellationRequested;

    /// <summary>The live connection, if there is one right now.</summary>
    public RespConnection? Current
    {
        get
        {
            RespConnection? current = Volatile.Read(ref _current);
            return current is { IsAlive: true } ? current : null;
        }
    }

    /// <summary>The live connection; connects first if none was ever made.</summary>
    /// <exception cref="RedisConnectionException">The node is unreachable right now (never sent).</exception>
    /// <exception cref="RedisAuthenticationException">The node refused the credentials.</exception>
    public ValueTask<RespConnection> GetAsync(CancellationToken cancellationToken)
    {
        RespConnection? current = Volatile.Read(ref _current);
        if (current is { IsAlive: true })
        {
            return new ValueTask<RespConnection>(current);
        }

        return new ValueTask<RespConnection>(WaitForConnectionAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        RespConnection? current;
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            current = _current;
            _current = null;
        }

        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<RespConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        Task<RespConnection>? attempt;
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                // Retired (the node left the slot map) or the client closed: a not-sent failure, so routing retries.
                throw new RedisConnectionException($"The connection to {Endpoint} was closed.", Endpoint, false);
            }

            if (_current is { IsAlive: true } current)
            {
                return current;
            }

            if (_reconnectLoop is null)
            {
                // Never connected, or the last loop gave up on an authentication error: try now.
                _reconnectLoop = ReconnectLoopAsync(firstDelay: false);
            }

            attempt = _attempt;
        }

        if (attempt is null)
        {
            throw new RedisConnectionException(
                $"Not connected to {Endpoint} (reconnecting): {_lastError?.Message ?? "no connection yet"}", Endpoint, false, _lastError);
        }

        return await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReconnectLoopAsync(bool firstDelay)
    {
        TimeSpan delay = _options.ReconnectMinBackoff;
        for (int attempt = 1; ; attempt++)
        {
            if (firstDelay || attempt > 1)
            {
                try
                {
                    await Task.Delay(Jitter(delay), _disposed.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxBackoff.Ticks));
            }

            Task<RespConnection> connecting;
            lock (_lock)
            {
                if (_disposed.IsCancellationRequested)
                {
                    return;
                }

                connecting = RespConnection.ConnectAsync(Endpoint, _options, ReadOnly, _push, _subscriber, _logger, _disposed.Token);
                _attempt = connecting;
            }

            try
            {
                RespConnection connection = await connecting.ConfigureAwait(false);
                bool reconnected;
                lock (_lock)
                {
                    _attempt = null;
                    _reconnectLoop = null;
                    if (_disposed.IsCancellationRequested)
                    {
                        _ = connection.DisposeAsync();
                        return;
                    }

                    _current = connection;
                    reconnected = _everConnected;
                    _everConnected = true;
                }

                connection.Broken += OnBroken;
                if (!connection.IsAlive)
                {
                    OnBroken(connection, new IOException("The connection broke during setup."));
                    return;
                }

                if (reconnected)
                {
                    RedisMetrics.Reconnects.Add(1);
                    RedisLog.Reconnected(_logger, Endpoint.ToString(), attempt);
                    Reconnected?.Invoke(this, connection);
                }

                return;
            }
            catch (Exception e)
            {
                bool stop = e is RedisAuthenticationException || _disposed.IsCancellationRequested;
                lock (_lock)
                {
                    _attempt = null;
                    _lastError = e;
                    if (stop)
                    {
                        _reconnectLoop = null;
                    }
                }

                if (stop)
                {
                    return;
                }

                RedisLog.ReconnectFailed(_logger, Endpoint.ToString(), attempt, delay.TotalMilliseconds, e.Message);
            }
        }
    }

    private void OnBroken(RespConnection connection, Exception cause)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_current, connection) || _disposed.IsCancellationRequested)
            {
                return;
            }

            _current = null;
            _lastError = cause;
            _reconnectLoop ??= ReconnectLoopAsync(firstDelay: true);
        }

        Broken?.Invoke(this);
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
}
