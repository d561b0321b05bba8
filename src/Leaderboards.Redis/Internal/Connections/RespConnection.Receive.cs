using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

// The receive side: the read loop, and matching each reply to the oldest waiting command.
internal sealed partial class RespConnection
{
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
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
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
}
