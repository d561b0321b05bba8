using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Leaderboards.Redis.Protocol;
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
    private readonly ReplyQueue _queue = new();
    private readonly object _queueLock = new();
    private readonly object _writeLock = new();
    private readonly SemaphoreSlim _places;
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
        _places = new SemaphoreSlim(options.MaxOutstandingCommands);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _lastReadTimestamp = Stopwatch.GetTimestamp();
        TimeSpan period = TimeSpan.FromTicks(Math.Clamp(options.CommandTimeout.Ticks / 8, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 250));
        _timeoutTimer = new Timer(static state => ((RespConnection)state!).ExpireOverdue(), this, period, period);
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
        if (_places.Wait(0))
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
        for (int i = 0; i <= prefix.Length; i++)
        {
            await WaitForPlaceAsync(cancellationToken).ConfigureAwait(false);
        }

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
        await WaitForPlaceAsync(cancellationToken).ConfigureAwait(false);
        return await Enqueue(command, parser, null, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WaitForPlaceAsync(CancellationToken cancellationToken)
    {
        if (!await _places.WaitAsync(_options.CommandTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new RedisTimeoutException(
                $"Timed out after {_options.CommandTimeout.TotalMilliseconds:0} ms waiting for one of {_options.MaxOutstandingCommands} places for outstanding commands on {Endpoint}.");
        }

        if (_failure is not null)
        {
            _places.Release();
            ThrowIfBroken(false);
        }
    }

    private ValueTask<T> Enqueue<T>(
        in CommandRequest command, ReplyParser<T> parser, (CommandRequest[] Commands, DiscardedReply Reply)? prefix, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _places.Release(1 + (prefix?.Commands.Length ?? 0));
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingReply<T>(command.Name, parser, Stopwatch.GetTimestamp());
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                _places.Release(1 + (prefix?.Commands.Length ?? 0));
                return ValueTask.FromException<T>(BrokenException(false));
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

        pending.RegisterCancellation(cancellationToken);
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
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                Volatile.Write(ref _lastReadTimestamp, Stopwatch.GetTimestamp());
                SequencePosition consumed = ProcessReplies(buffer);
                _input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    throw new EndOfStreamException("The server closed the connection.");
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>Dispatches every complete reply in the buffer and returns where the incomplete rest begins.</summary>
    private SequencePosition ProcessReplies(ReadOnlySequence<byte> buffer)
    {
        var scanner = new SequenceReader<byte>(buffer);
        SequencePosition consumed = buffer.Start;
        while (RespScanner.TrySkipValue(ref scanner))
        {
            ReadOnlySequence<byte> frame = buffer.Slice(consumed, scanner.Position);
            consumed = scanner.Position;
            Dispatch(frame);
        }

        return consumed;
    }

    private void Dispatch(ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        reader.Read();
        if (reader.Type == RespType.Push || (IsSubscriber && IsPubSubMessage(reader)))
        {
            _push?.OnPush(this, ref reader);
            return;
        }

        PendingReply pending;
        lock (_queueLock)
        {
            if (!_queue.TryDequeue(out pending))
            {
                pending = null!;
            }
        }

        if (pending is null)
        {
            if (reader.IsError && _push is not null)
            {
                _push.OnUnsolicitedError(this, reader.ReadString() ?? string.Empty);
                return;
            }

            throw new RespProtocolException("The server sent a reply with no command waiting for it.");
        }

        _places.Release();
        if (reader.IsError)
        {
            pending.Fail(new RedisServerException(reader.ReadString() ?? "ERR"));
        }
        else
        {
            pending.Complete(ref reader);
        }
    }

    /// <summary>A RESP2 pub/sub array: its first element names a pub/sub event rather than being a reply.</summary>
    private static bool IsPubSubMessage(RespReader reader)
    {
        if (reader.Type != RespType.Array || reader.Length < 3)
        {
            return false;
        }

        RespReader first = reader;
        first.Read();
        return first.ValueEquals("message"u8) || first.ValueEquals("smessage"u8) || first.ValueEquals("pmessage"u8)
            || first.ValueEquals("subscribe"u8) || first.ValueEquals("ssubscribe"u8) || first.ValueEquals("psubscribe"u8)
            || first.ValueEquals("unsubscribe"u8) || first.ValueEquals("sunsubscribe"u8) || first.ValueEquals("punsubscribe"u8);
    }

    /// <summary>
    /// Fails commands that waited longer than the command timeout (their late replies will be discarded), and
    /// breaks the connection when the oldest command is long overdue and nothing at all has been read since:
    /// the node is gone without the socket noticing.
    /// </summary>
    private void ExpireOverdue()
    {
        long now = Stopwatch.GetTimestamp();
        bool stalled = false;
        lock (_queueLock)
        {
            for (int i = 0; i < _queue.Count; i++)
            {
                PendingReply pending = _queue[i];
                TimeSpan waited = Stopwatch.GetElapsedTime(pending.StartTimestamp, now);
                if (waited < _options.CommandTimeout)
                {
                    break;
                }

                if (i == 0 && waited > 2 * _options.CommandTimeout
                    && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastReadTimestamp), now) > 2 * _options.CommandTimeout)
                {
                    stalled = true;
                }

                if (!pending.IsDone)
                {
                    pending.Fail(new RedisTimeoutException(
                        $"Timed out after {waited.TotalMilliseconds:0} ms waiting for the reply to {pending.Command} from {Endpoint} ({_queue.Count} commands outstanding on the connection)."));
                }
            }
        }

        if (stalled)
        {
            Fail(new TimeoutException($"Nothing received from {Endpoint} for over {2 * _options.CommandTimeout.TotalMilliseconds:0} ms."));
        }
    }

    private void Fail(Exception cause)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = cause;
            _outbound.Writer.Complete();
        }

        _timeoutTimer.Dispose();
        if (cause is not ObjectDisposedException)
        {
            RedisLog.ConnectionBroken(_logger, Endpoint.ToString(), cause.Message);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // Already closed by the peer or by a failed read: nothing left to shut down.
        }

        _stream.Dispose();
        int failed = 0;
        while (true)
        {
            PendingReply pending;
            lock (_queueLock)
            {
                if (!_queue.TryDequeue(out pending))
                {
                    break;
                }
            }

            failed++;
            pending.Fail(BrokenException(true));
        }

        // Wake every caller waiting for a place: they find the connection broken and fail as not sent.
        _places.Release(failed + _options.MaxOutstandingCommands);
        Broken?.Invoke(this, cause);
    }

    private void ThrowIfBroken(bool sent)
    {
        if (_failure is not null)
        {
            throw BrokenException(sent);
        }
    }

    private RedisConnectionException BrokenException(bool sent)
    {
        Exception cause = _failure!;
        return new RedisConnectionException(
            cause is ObjectDisposedException
                ? $"The connection to {Endpoint} was closed by the client."
                : $"The connection to {Endpoint} was lost: {cause.Message}",
            Endpoint,
            sent,
            cause);
    }
}
