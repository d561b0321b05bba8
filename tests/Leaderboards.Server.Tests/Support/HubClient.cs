using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Leaderboards.Server.Tests.Support;

/// <summary>
/// Speaks SignalR's JSON hub protocol over a raw WebSocket: a handshake, then records separated by 0x1E.
/// Invocations wait for their completion; server calls are queued for <see cref="NextAsync"/>.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly WebSocket _socket;
    private readonly Channel<JsonNode> _messages = Channel.CreateUnbounded<JsonNode>();
    private readonly Dictionary<string, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly Task _receiving;
    private int _nextId;
    private string? _closeError;

    private HubClient(WebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public static async Task<HubClient> ConnectAsync(ServerFactory server, string? key = null)
    {
        var uri = new Uri($"ws://localhost/hubs/leaderboard{(key is null ? "" : "?access_token=" + Uri.EscapeDataString(key))}");
        var socket = await server.Server.CreateWebSocketClient().ConnectAsync(uri, CancellationToken.None);
        var client = new HubClient(socket);
        await client.SendRawAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.NextRawAsync(TimeSpan.FromSeconds(10));
        if (handshake["error"] is { } error)
            throw new InvalidOperationException("Handshake refused: " + error);
        return client;
    }

    /// <summary>Invokes a hub method; answers the completion (with "error" when the hub refused).</summary>
    public async Task<JsonNode> InvokeAsync(string target, params object[] arguments)
    {
        string id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
            _pending[id] = done;
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The next server-to-client call of <paramref name="target"/> (others are skipped), within the timeout.</summary>
    public async Task<JsonNode> NextAsync(string target, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cancel.Token);
            if ((string?)message["target"] == target)
                return message["arguments"]![0]!;
        }
    }

    /// <summary>Waits until a <paramref name="target"/> call satisfies <paramref name="done"/>; answers it.</summary>
    public async Task<JsonNode> WaitForAsync(string target, Func<JsonNode, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cancel.Token);
            if ((string?)message["target"] == target && done(message["arguments"]![0]!))
                return message["arguments"]![0]!;
        }
    }

    /// <summary>Completes when the server has closed the connection, within the timeout; answers the error its close message gave.</summary>
    public async Task<string?> ClosedAsync(TimeSpan timeout)
    {
        await _receiving.WaitAsync(timeout);
        return _closeError;
    }

    /// <summary>Every queued server-to-client call received so far, in order, as (target, first argument).</summary>
    public List<(string Target, JsonNode Argument)> DrainAll()
    {
        var found = new List<(string, JsonNode)>();
        while (_messages.Reader.TryRead(out var message))
        {
            if ((string?)message["target"] is { } target)
                found.Add((target, message["arguments"]![0]!));
        }
        return found;
    }

    /// <summary>Every queued call of <paramref name="target"/> received so far.</summary>
    public List<JsonNode> Drain(string target)
    {
        var found = new List<JsonNode>();
        while (_messages.Reader.TryRead(out var message))
        {
            if ((string?)message["target"] == target)
                found.Add(message["arguments"]![0]!);
        }
        return found;
    }

    private Task SendRawAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task<JsonNode> NextRawAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _messages.Reader.ReadAsync(cancel.Token);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                string all = text.ToString();
                int end;
                while ((end = all.IndexOf(Separator, StringComparison.Ordinal)) >= 0)
                {
                    Dispatch(JsonNode.Parse(all[..end])!);
                    all = all[(end + 1)..];
                }
                text.Clear().Append(all);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Closed: the test host disposes its socket on close.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private void Dispatch(JsonNode message)
    {
        int? type = (int?)message["type"];
        if (type == 3 && (string?)message["invocationId"] is { } id)
        {
            TaskCompletionSource<JsonNode>? done;
            lock (_pending)
                _pending.Remove(id, out done);
            done?.TrySetResult(message);
            return;
        }
        if (type == 7)
            _closeError = (string?)message["error"];
        if (type is null or 1)
            _messages.Writer.TryWrite(message);
    }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // The test host may close or dispose its side while the close handshake runs.
        }
        await _receiving.WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
    }
}
