using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Leaderboards.Contracts;

namespace Leaderboards.LoadTests;

/// <summary>
/// One browser-like watcher: a WebSocket speaking SignalR's JSON hub protocol, subscribed to a board's top-N. It keeps
/// the last state it received and reports, for each message that moves the top, the oldest score the message newly
/// reflects (the writer numbers its scores, so the top score is the newest one applied) and the newest one, which names
/// the message. It pings every 15 s, as SignalR clients do.
/// </summary>
internal sealed class LiveWatcher : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private byte[]? _last;

    public long Messages { get; private set; }

    private long _topScore;

    public async Task ConnectAsync(Uri hub, string boardId, int limit, Action<long, long> onTopScore, CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        await _socket.ConnectAsync(hub, cancellationToken);
        await SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "SubscribeTop", arguments = new object[] { boardId, limit } }), cancellationToken);
        _receiving = Task.Run(() => ReceiveAsync(onTopScore));
        _pinging = Task.Run(PingAsync);
    }

    /// <summary>A ping every 15 s, as SignalR clients send: the server closes a connection that sends nothing for 30 s.</summary>
    private async Task PingAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await SendAsync("""{"type":6}""", _stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private Task SendAsync(string json, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json + "\u001e");
        return _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
    }

    private async Task ReceiveAsync(Action<long, long> onTopScore)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                buffer.Advance(result.Count);
                var data = buffer.WrittenMemory;
                int start = 0, end;
                while ((end = data.Span[start..].IndexOf(Separator)) >= 0)
                {
                    Handle(data.Span.Slice(start, end), onTopScore);
                    start += end + 1;
                }
                var rest = data[start..].ToArray();
                buffer.ResetWrittenCount();
                buffer.Write(rest);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static ReadOnlySpan<byte> TopChanged => "\"target\":\"TopChanged\""u8;
    private static ReadOnlySpan<byte> FirstScore => "\"score\":"u8;

    /// <summary>
    /// Keeps the message's bytes (parsed only at the end) and finds the first entry's score with a byte search: thousands
    /// of watchers in one process must not spend the machine parsing JSON.
    /// </summary>
    private void Handle(ReadOnlySpan<byte> record, Action<long, long> onTopScore)
    {
        if (record.IndexOf(TopChanged) < 0)
            return;
        Messages++;
        _last = record.ToArray();
        int at = record.IndexOf(FirstScore);
        if (at < 0)
            return;
        var digits = record[(at + FirstScore.Length)..];
        int length = digits.IndexOfAnyExcept("-0123456789"u8);
        if (length > 0 && System.Buffers.Text.Utf8Parser.TryParse(digits[..length], out long newest, out _) && newest > _topScore)
        {
            onTopScore(_topScore + 1, newest);
            _topScore = newest;
        }
    }

    /// <summary>The last top-N received, as "player=score,..." in rank order.</summary>
    public string? LastTop
    {
        get
        {
            if (_last is null)
                return null;
            using var document = JsonDocument.Parse(_last);
            var message = document.RootElement.GetProperty("arguments")[0].Deserialize(LeaderboardsJsonContext.Client.TopChangedMessage);
            return Describe(message!.Entries);
        }
    }

    /// <summary>Entries as "player=score,..." in the order given.</summary>
    public static string Describe(IEnumerable<EntryResponse> entries) =>
        string.Join(",", entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.PlayerId}={e.Score}")));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging;
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _socket.Dispose();
        _stop.Dispose();
    }
}
