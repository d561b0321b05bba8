using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// One socket to one node, shared by every caller: commands are written in the order callers send them and
/// replies are matched to them in that order (RESP guarantees it). Writers serialise only the encoding of a
/// command into an in-memory pipe; a send loop drains it to the socket, so commands written while a send is
/// under way leave together in the next one. At most <see cref="RedisOptions.MaxOutstandingCommands"/> commands
/// await replies; more callers wait for a place. When the socket breaks, every waiting command fails at once
/// and <see cref="Broken"/> fires; a connection is never reused after that.
/// </summary>
internal sealed partial class RespConnection : IAsyncDisposable
{
    private static readonly PipeOptions s_outboundOptions = new(
        pauseWriterThreshold: 0, // Never blocks a writer: the outstanding-command bound already bounds the bytes.
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly Pipe _outbound = new(s_outboundOptions);
    /// <summary>The most replies matched to their commands under one lock.</summary>
    private const int BatchSize = 128;

    private readonly ReplyQueue _queue = new();
    private readonly SequencePosition[] _frameEnds = new SequencePosition[BatchSize];
    private readonly bool[] _framePushes = new bool[BatchSize];
    private readonly PendingReply?[] _batch = new PendingReply?[BatchSize];
    private readonly object _queueLock = new();
    private readonly object _writeLock = new();
    private readonly PlaceGate _places;
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly IPushHandler? _push;
    private readonly Timer _timeoutTimer;
    private long _lastReadTimestamp;
    private volatile Exception? _failure;

    private RespConnection(RedisEndpoint endpoint, Socket socket, Stream stream, RedisOptions options, IPushHandler? push, bool subscriber, ILogger logger)
    {
        Endpoint = endpoint;
        _socket = socket;
        _stream = stream;
        _options = options;
        _push = push;
        IsSubscriber = subscriber;
        _logger = logger;
        _places = new PlaceGate(options.MaxOutstandingCommands);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _lastReadTimestamp = Stopwatch.GetTimestamp();
        // Armed once the handshake is done (StartCommandTimeouts): until then the connect timeout bounds every step.
        _timeoutTimer = new Timer(static state => ((RespConnection)state!).ExpireOverdue(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>From now on, a command that waits longer than the command timeout fails, and a silent node breaks the connection.</summary>
    private void StartCommandTimeouts()
    {
        TimeSpan period = TimeSpan.FromTicks(Math.Clamp(_options.CommandTimeout.Ticks / 8, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 250));
        _timeoutTimer.Change(period, period);
    }

    /// <summary>Raised once, from whichever thread saw the break, with the cause.</summary>
    public event Action<RespConnection, Exception>? Broken;

    public RedisEndpoint Endpoint { get; }

    /// <summary>The protocol negotiated in the handshake.</summary>
    public RedisProtocol Protocol { get; private set; } = RedisProtocol.Resp2;

    /// <summary>True for a dedicated pub/sub connection: RESP2 pub/sub arrays are routed to the push handler.</summary>
    public bool IsSubscriber { get; }

    public bool IsAlive => _failure is null;

    /// <summary>Sends one command and returns its reply, parsed.</summary>
    public ValueTask<T> SendAsync<T>(in CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        // Fast path: a free place, taken without a wait object.
        if (_places.TryTake(1))
        {
            return Enqueue(command, parser, null, cancellationToken);
        }

        return SendAfterWaitAsync(command, parser, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="prefix"/> and then <paramref name="command"/> with nothing from other callers between
    /// them (how <c>ASKING</c> and <c>MULTI</c> must be sent); the prefix's replies go to <paramref name="discarded"/>.
    /// </summary>
    public async ValueTask<T> SendAfterAsync<T>(
        CommandRequest[] prefix, DiscardedReply discarded, CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        await WaitForPlacesAsync(1 + prefix.Length, cancellationToken).ConfigureAwait(false);
        return await Enqueue(command, parser, (prefix, discarded), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a command whose answers arrive as pushes (pub/sub subscribe and unsubscribe).</summary>
    /// <exception cref="RedisConnectionException">The connection is broken.</exception>
    public void SendWithoutReply(in CommandRequest command)
    {
        lock (_writeLock)
        {
            ThrowIfBroken(false);
            command.WriteTo(_outbound.Writer);
            Flush();
        }
    }

    public ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(RespConnection), "The connection was closed by the client."));
        return ValueTask.CompletedTask;
    }

    private async ValueTask<T> SendAfterWaitAsync<T>(CommandRequest command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        await WaitForPlacesAsync(1, cancellationToken).ConfigureAwait(false);
        return await Enqueue(command, parser, null, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WaitForPlacesAsync(int count, CancellationToken cancellationToken)
    {
        PlaceGate.Outcome outcome = await _places.TakeAsync(count, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome == PlaceGate.Outcome.TimedOut)
        {
            throw new RedisTimeoutException(
                $"Timed out after {_options.CommandTimeout.TotalMilliseconds:0} ms waiting for one of {_options.MaxOutstandingCommands} places for outstanding commands on {Endpoint}.");
        }

        if (_failure is not null || outcome == PlaceGate.Outcome.Closed)
        {
            if (outcome == PlaceGate.Outcome.Taken)
            {
                _places.Give(count);
            }

            ThrowIfBroken(false);
        }
    }

    private ValueTask<T> Enqueue<T>(
        in CommandRequest command, ReplyParser<T> parser, (CommandRequest[] Commands, DiscardedReply Reply)? prefix, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _places.Give(1 + (prefix?.Commands.Length ?? 0));
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingReply<T>(command.Name, parser, Stopwatch.GetTimestamp());

        // Registered before the command is queued, so that no completion can race the registration.
        pending.RegisterCancellation(cancellationToken);
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                _places.Give(1 + (prefix?.Commands.Length ?? 0));
                pending.Fail(BrokenException(false));
                return pending.Task;
            }

            lock (_queueLock)
            {
                if (prefix is { } before)
                {
                    foreach (CommandRequest _ in before.Commands)
                    {
                        _queue.Enqueue(before.Reply);
                    }
                }

                _queue.Enqueue(pending);
            }

            if (prefix is { } written)
            {
                foreach (CommandRequest request in written.Commands)
                {
                    request.WriteTo(_outbound.Writer);
                }
            }

            command.WriteTo(_outbound.Writer);
            Flush();
        }

        return pending.Task;
    }

    /// <summary>Publishes what was written to the send loop; never waits (the pipe has no pause threshold).</summary>
    private void Flush()
    {
        ValueTask<FlushResult> flush = _outbound.Writer.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            flush.GetAwaiter().GetResult();
        }
        else
        {
            flush.AsTask().GetAwaiter().GetResult();
        }
    }

    private void Start()
    {
        _ = Task.Run(SendLoopAsync);
        _ = Task.Run(ReceiveLoopAsync);
    }

    private async Task SendLoopAsync()
    {
        PipeReader outbound = _outbound.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await outbound.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }

                outbound.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            await outbound.CompleteAsync().ConfigureAwait(false);
        }
    }
}
