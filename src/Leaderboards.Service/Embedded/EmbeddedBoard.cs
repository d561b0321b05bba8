using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;
using Leaderboards.Service.Boards;

namespace Leaderboards.Service.Embedded;

/// <summary>A board of the embedded store: the engine's board in this process, logged through the data directory.</summary>
public sealed class EmbeddedBoard(Board engine) : IRankedBoard
{
    private const int ExpiryChunk = 4096;

    /// <summary>The engine board: partitions, replicas and the log attach to it.</summary>
    public Board Engine { get; } = engine;

    public string Id => Engine.Id;

    public BoardOptions Options => Engine.Options;

    public void Validate(ScoreSubmission submission) => Engine.Validate(submission);

    public ValueTask<SubmitResult> SubmitAsync(ScoreSubmission submission, CancellationToken cancellationToken = default) =>
        Engine.SubmitAsync(submission, cancellationToken);

    public ValueTask<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default) =>
        Engine.SubmitBatchAsync(submissions, cancellationToken);

    public ValueTask<int> ImportAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default) =>
        Engine.ImportAsync(submissions, cancellationToken);

    public ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default) =>
        Engine.RemoveAsync(playerId, cancellationToken);

    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => Engine.ClearAsync(cancellationToken);

    public ValueTask<long> CountAsync(ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.CountAsync(consistency, cancellationToken);

    public ValueTask<long> CountInRangeAsync(long? min, long? max, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.CountInRangeAsync(min, max, consistency, cancellationToken);

    public ValueTask<PlayerStanding?> GetPlayerAsync(string playerId, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.GetPlayerAsync(playerId, consistency, cancellationToken);

    public ValueTask<IReadOnlyList<PlayerStanding>> QueryPlayersAsync(IReadOnlyList<string> playerIds, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.QueryPlayersAsync(playerIds, consistency, cancellationToken);

    public ValueTask<IReadOnlyList<RankedEntry>> TopAsync(int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.TopAsync(limit, consistency, cancellationToken);

    public ValueTask<IReadOnlyList<RankedEntry>> PageAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.PageAsync(offset, limit, consistency, cancellationToken);

    public ValueTask<BoardPage> PageWithTotalAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.PageWithTotalAsync(offset, limit, consistency, cancellationToken);

    public ValueTask<PlayerNeighbourhood?> AroundAsync(string playerId, int count, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default) =>
        Engine.AroundAsync(playerId, count, consistency, cancellationToken);

    public ValueTask<BoardStatus> GetStatusAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Engine.GetStatus());

    public ValueTask SetReplicaCountAsync(int replicas, CancellationToken cancellationToken = default) =>
        Engine.SetReplicaCountAsync(replicas, cancellationToken);

    public async ValueTask<IAsyncDisposable> WatchAsync(Action<IReadOnlyList<string>> changed, CancellationToken cancellationToken = default)
    {
        var watch = new Watch(changed);
        foreach (var partition in Engine.Partitions)
            await partition.AddSinkAsync(watch, cancellationToken).ConfigureAwait(false);
        return watch;
    }

    /// <summary>Scans each partition's owner in rank order, then removes through the board so removals are logged like any other.</summary>
    public async ValueTask<long> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        long cutoffMs = cutoff.ToUnixTimeMilliseconds();
        long removed = 0;
        foreach (var partition in Engine.Partitions)
        {
            var reader = partition.ReaderFor(ReadConsistency.Strong);
            var expired = new List<string>();
            var chunk = await reader.RangeAsync(0, ExpiryChunk, cancellationToken).ConfigureAwait(false);
            while (chunk.Count > 0)
            {
                foreach (var entry in chunk)
                {
                    if (entry.Time < cutoffMs)
                        expired.Add(entry.PlayerId);
                }
                var last = chunk[^1];
                chunk = await reader.RangeAfterAsync(new RankKey(last.Score, last.Subscore, last.Time, last.PlayerId), ExpiryChunk, cancellationToken).ConfigureAwait(false);
            }
            foreach (string playerId in expired)
            {
                // Looked at again by the partition itself: an entry updated since the scan is kept.
                if (await partition.GetAsync(playerId, cancellationToken).ConfigureAwait(false) is { } current && current.Entry.Time < cutoffMs
                    && await Engine.RemoveAsync(playerId, cancellationToken).ConfigureAwait(false))
                    removed++;
            }
        }
        return removed;
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();

    /// <summary>
    /// A partition sink until disposed. The engine keeps its sinks for the board's life, so disposing lets go of the
    /// callback (and whatever it holds) rather than of the sink.
    /// </summary>
    private sealed class Watch(Action<IReadOnlyList<string>> changed) : IChangeSink, IAsyncDisposable
    {
        private Action<IReadOnlyList<string>>? _changed = changed;

        public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken)
        {
            // A view of the batch, not a copy: this runs for every apply round, and most watchers only need to know that
            // something changed.
            if (Volatile.Read(ref _changed) is { } changed)
                changed(new ChangedPlayers(batch.Changes));
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Volatile.Write(ref _changed, null);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The players a batch changed, read in place; none named when the batch clears the partition.</summary>
    private sealed class ChangedPlayers(IReadOnlyList<ScoreChange> changes) : IReadOnlyList<string>
    {
        // Counted when first asked: most batches reach a watcher that never reads them.
        private int _count = -1;

        public string this[int index] => index < Count ? changes[index].PlayerId : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => _count >= 0 ? _count : _count = CountNamed();

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
                yield return changes[i].PlayerId;
        }

        private int CountNamed()
        {
            for (int i = 0; i < changes.Count; i++)
            {
                if (changes[i].Kind == ChangeKind.Clear)
                    return 0;
            }
            return changes.Count;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
