using System.Diagnostics;
using System.Net.Sockets;

namespace Leaderboards.Redis.Internal.Connections;

// Timeouts and breaks: failing overdue commands, and failing everything when the connection breaks.
internal sealed partial class RespConnection
{
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
        _places.Give(failed);
        _places.Close();
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
