using System.Collections.Concurrent;
using Leaderboards.Service.Live;

namespace Leaderboards.Service.Tests.Support;

/// <summary>Keeps the top updates the live feed hands over.</summary>
internal sealed class RecordingPublisher : ILivePublisher
{
    public ConcurrentQueue<(TopUpdate Top, string[] Connections)> Tops { get; } = new();

    public void PublishTop(TopUpdate top, IReadOnlyCollection<string> connectionIds) => Tops.Enqueue((top, [.. connectionIds]));

    public void PublishRank(string connectionId, RankUpdate update)
    {
    }

    public void Unsubscribed(string connectionId, string boardId)
    {
    }
}
