using System.Text;

namespace Leaderboards.Redis;

/// <summary>A message received on a subscribed channel.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Payload">The message bytes (a copy the handler may keep).</param>
public readonly record struct RedisChannelMessage(string Channel, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);
}
