using Leaderboards.Engine.Partitions;

namespace Leaderboards.Service.Live.Internal;

/// <summary>Marks the board dirty; never blocks the partition that publishes.</summary>
internal sealed class FeedSink(BoardFeed feed) : IChangeSink
{
    public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        feed.Changed(batch);
        return ValueTask.CompletedTask;
    }
}
