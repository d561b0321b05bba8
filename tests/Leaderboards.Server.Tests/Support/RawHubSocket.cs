using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leaderboards.Server.Tests.Support;

/// <summary>
/// SignalR's JSON hub protocol over a real socket to a <see cref="ServerProcess"/>, kernel buffers and all. It may read
/// like a browser, or never read (a stalled client); it may ping like a SignalR client, or send nothing after its calls (a
/// silent one). A reading socket keeps the highest top score each board's <c>TopChanged</c> showed.
/// </summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _topScores = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private int _nextId;

    private RawHubSocket()
    {
    }

    /// <summary>Connects and completes the handshake (without reading its answer when <paramref name="read"/> is false).</summary>
    public static async Task<RawHubSocket> ConnectAsync(Uri server, bool read, TimeSpan? pingEvery)
    {
        var client = new RawHubSocket();
        var hub = new UriBuilder(server) { Scheme = "ws", Path = "/hubs/leaderboard" }.Uri;
        // The WebSocket layer's own pings are answered only by a reading client; this one must not keep itself alive.
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await client._socket.ConnectAsync(hub, timeout.Token);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        if (read)
            client._receiving = Task.Run(client.ReceiveAsync);
        if (pingEvery is { } every)
            client._pinging = Task.Run(() => client.PingAsync(every));
        return client;
    }

    /// <summary>Sends the call and returns; its completion is not awaited (a stalled client never reads it).</summary>
    public Task InvokeAsync(string target, params object[] arguments) =>
        SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), target, arguments }));

    /// <summary>Waits until a <c>TopChanged</c> of <paramref name="boardId"/> leads with a score of at least <paramref name="score"/>.</summary>
    public async Task WaitForTopScoreAsync(string boardId, long score, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_topScores.TryGetValue(boardId, out long top) && top >= score)
                    return;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No TopChanged of '{boardId}' with a top score of {score} within {timeout}.");
            }
        }
    }

    private async Task SendAsync(string json) => await SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"));

    private async Task SendAsync(byte[] bytes)
    {
        await _sending.WaitAsync(_stop.Token);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task PingAsync(TimeSpan every)
    {
        try
        {
            using var timer = new PeriodicTimer(every);
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await SendAsync(Ping);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the server closed the connection.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                pending.Write(buffer, 0, result.Count);
                var data = pending.GetBuffer().AsSpan(0, (int)pending.Length);
                int end, start = 0;
                while ((end = data[start..].IndexOf((byte)0x1e)) >= 0)
                {
                    Dispatch(data.Slice(start, end));
                    start += end + 1;
                }
                byte[] rest = data[start..].ToArray();
                pending.SetLength(0);
                pending.Write(rest);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the server closed the connection.
        }
    }

    private void Dispatch(ReadOnlySpan<byte> record)
    {
        var message = JsonNode.Parse(record);
        if ((string?)message?["target"] != "TopChanged" || message["arguments"]?[0] is not { } top)
            return;
        string boardId = (string)top["boardId"]!;
        long score = top["entries"]!.AsArray() is [{ } first, ..] ? (long)first["score"]! : long.MinValue;
        lock (_lock)
        {
            _topScores[boardId] = Math.Max(score, _topScores.GetValueOrDefault(boardId, long.MinValue));
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await Task.WhenAll(_receiving, _pinging).WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
        _stop.Dispose();
    }
}
