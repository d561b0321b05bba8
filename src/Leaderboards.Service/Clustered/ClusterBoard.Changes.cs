using System.Text;

namespace Leaderboards.Service.Clustered;

// Live changes: each partition's script tells the partition's shard channel which players it changed when it commits,
// so a node learns of writes made through any other node.
public sealed partial class ClusterBoard
{
    /// <summary>
    /// Calls <paramref name="changed"/> with the ids of the players whose entries changed, through any node, from now
    /// until the returned handle is disposed; an empty list means any entry of a partition may have changed (a clear or
    /// a load). Calls come on the client's receive loop: keep them short.
    /// </summary>
    public async ValueTask<IAsyncDisposable> WatchAsync(Action<IReadOnlyList<string>> changed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var subscriptions = new List<IAsyncDisposable>(_partitions.Length);
        try
        {
            foreach (var partition in _partitions)
            {
                subscriptions.Add(await _redis.Subscriber.SSubscribeAsync(partition.Channel, message =>
                    changed(message.Payload.IsEmpty ? [] : Encoding.UTF8.GetString(message.Payload.Span).Split('\n')), cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await new Subscriptions(subscriptions).DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Subscriptions(subscriptions);
    }

    private sealed class Subscriptions(List<IAsyncDisposable> subscriptions) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var subscription in subscriptions)
                await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
