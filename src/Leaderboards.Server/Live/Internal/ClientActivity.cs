using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Leaderboards.Server.Live.Internal;

/// <summary>
/// When each open hub connection last sent anything. SignalR enforces its client timeout only on clients that have sent a
/// ping, so a client that invokes a method and then falls silent would otherwise stay open and subscribed for good.
/// </summary>
internal sealed class ClientActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ReceiveTimingReader> _readers = new(StringComparer.Ordinal);

    /// <summary>Connection middleware: the hub reads the connection's input through a <see cref="ReceiveTimingReader"/>.</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        var reader = new ReceiveTimingReader(connection.Transport.Input, time);
        connection.Transport = new DuplexPipe(reader, connection.Transport.Output);
        _readers[connection.ConnectionId] = reader;
        try
        {
            await next(connection);
        }
        finally
        {
            _readers.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>Connections that have sent nothing for longer than <paramref name="timeout"/>, each named once.</summary>
    public List<string> Silent(TimeSpan timeout)
    {
        var silent = new List<string>();
        foreach (var (connectionId, reader) in _readers)
        {
            if (reader.TryMarkSilent(timeout))
                silent.Add(connectionId);
        }
        return silent;
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
