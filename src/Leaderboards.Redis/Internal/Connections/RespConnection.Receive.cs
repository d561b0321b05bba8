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

    /// <summary>
    /// Dispatches every complete reply in the buffer and returns where the incomplete rest begins. Replies are
    /// matched to their commands in batches, one lock per batch rather than per reply, so that a read holding
    /// hundreds of pipelined replies does not contend with writers hundreds of times.
    /// </summary>
    private SequencePosition ProcessReplies(ReadOnlySequence<byte> buffer)
    {
        var scanner = new SequenceReader<byte>(buffer);
        SequencePosition consumed = buffer.Start;
        while (true)
        {
            int frames = 0;
            int replies = 0;
            SequencePosition start = consumed;
            while (frames < BatchSize && RespScanner.TrySkipValue(ref scanner))
            {
                _frameEnds[frames] = scanner.Position;
                bool push = IsPush(buffer.Slice(start, scanner.Position));
                _framePushes[frames] = push;
                replies += push ? 0 : 1;
                start = scanner.Position;
                frames++;
            }

            if (frames == 0)
            {
                return consumed;
            }

            int matched = 0;
            lock (_queueLock)
            {
                while (matched < replies && _queue.TryDequeue(out PendingReply pending))
                {
                    _batch[matched++] = pending;
                }
            }

            _places.Give(matched);
            int next = 0;
            for (int f = 0; f < frames; f++)
            {
                ReadOnlySequence<byte> frame = buffer.Slice(consumed, _frameEnds[f]);
                consumed = _frameEnds[f];
                PendingReply? pending = null;
                if (!_framePushes[f] && next < matched)
                {
                    pending = _batch[next];
                    _batch[next++] = null;
                }

                Dispatch(frame, _framePushes[f], pending);
            }

            if (frames < BatchSize)
            {
                return consumed;
            }
        }
    }

    /// <summary>True for a frame that is not a reply: a RESP3 push, or a pub/sub message on a subscriber connection.</summary>
    private bool IsPush(ReadOnlySequence<byte> frame)
    {
        var peek = new SequenceReader<byte>(frame);
        if (peek.TryPeek(out byte prefix) && prefix == (byte)RespType.Push)
        {
            return true;
        }

        if (!IsSubscriber)
        {
            return false;
        }

        var reader = new RespReader(frame);
        reader.Read();
        return IsPubSubMessage(reader);
    }

    private void Dispatch(ReadOnlySequence<byte> frame, bool push, PendingReply? pending)
    {
        var reader = new RespReader(frame);
        reader.Read();
        if (push)
        {
            _push?.OnPush(this, ref reader);
            return;
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
