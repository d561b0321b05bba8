using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Leaderboards.LoadTests;

/// <summary>
/// A client that subscribes to a board's top-N and never reads again, like a browser tab whose script hangs. It keeps
/// sending pings, so only the server's handling of a connection that does not take its updates can end it; when the
/// server closes it (a ping fails), it connects and stalls again until the run ends.
/// </summary>
internal sealed class StalledClient
{
    private long _connections;

    /// <summary>Connections made so far; each after the first means the server closed the previous one.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public async Task RunAsync(Uri hub, string boardId, int limit, CancellationToken stop)
    {
        byte[] ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(hub, stop);
                Interlocked.Increment(ref _connections);
                await SendAsync(socket, """{"protocol":"json","version":1}""", stop);
                await SendAsync(socket, JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "SubscribeTop", arguments = new object[] { boardId, limit } }), stop);
                // Never reads: the server's sends fill the socket buffers and then wait.
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                    using var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    sendTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                    await socket.SendAsync(ping, WebSocketMessageType.Text, true, sendTimeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
                // Closed by the server (or the run is over): stall again on a new connection.
            }
            socket.Abort();
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, true, cancellationToken);
}
