using Leaderboards.Engine;
using Leaderboards.Engine.Boards;

namespace Leaderboards.Service.Boards;

/// <summary>
/// One board (or one season of a board) as a store keeps it: the engine's boards in this process
/// (<see cref="Embedded.EmbeddedBoard"/>) or sorted sets on a Redis Cluster (<see cref="Clustered.ClusterBoard"/>).
/// Both answer the same questions the same way; everything above the store (the catalog, the API, the live feed)
/// speaks only to this.
/// </summary>
public interface IRankedBoard : IAsyncDisposable
{
    string Id { get; }

    BoardOptions Options { get; }

    /// <summary>Throws a <see cref="LeaderboardValidationException"/> when the submission breaks the board's rules.</summary>
    void Validate(ScoreSubmission submission);

    ValueTask<SubmitResult> SubmitAsync(ScoreSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>Validated as a whole first, then applied whole: a refused batch leaves no trace.</summary>
    ValueTask<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default);

    /// <summary>Like a batch, without computing ranks for the answer; returns how many were applied.</summary>
    ValueTask<int> ImportAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default);

    ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default);

    ValueTask ClearAsync(CancellationToken cancellationToken = default);

    ValueTask<long> CountAsync(ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<long> CountInRangeAsync(long? min, long? max, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<PlayerStanding?> GetPlayerAsync(string playerId, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<PlayerStanding>> QueryPlayersAsync(IReadOnlyList<string> playerIds, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<RankedEntry>> TopAsync(int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<RankedEntry>> PageAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<BoardPage> PageWithTotalAsync(long offset, int limit, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    ValueTask<PlayerNeighbourhood?> AroundAsync(string playerId, int count, ReadConsistency consistency = ReadConsistency.Eventual, CancellationToken cancellationToken = default);

    /// <summary>Sizes and replica lag (the engine's own replicas, or the Redis replicas of each partition's shard).</summary>
    ValueTask<BoardStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Read replicas per partition; a store whose replicas are not its own to start keeps this as a setting only.</summary>
    ValueTask SetReplicaCountAsync(int replicas, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="changed"/> with the ids of players whose entries changed (an empty list: any may have),
    /// once each change is durable, until the returned handle is disposed. Calls must be short.
    /// </summary>
    ValueTask<IAsyncDisposable> WatchAsync(Action<IReadOnlyList<string>> changed, CancellationToken cancellationToken = default);

    /// <summary>Removes entries last updated before <paramref name="cutoff"/>, each checked again as it is removed; returns how many.</summary>
    ValueTask<long> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
