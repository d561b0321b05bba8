namespace Leaderboards.Engine.Boards;

/// <summary>
/// The durable log that boards write through (attached with <see cref="Board.AttachLogAsync"/>). A change becomes
/// visible (reads, replicas, sinks, snapshots, the base of the next write) only after the log accepted it.
/// </summary>
public interface IChangeLog
{
    /// <summary>
    /// Makes <paramref name="batches"/> durable as one unit: after a crash the log replays every one of them or none
    /// (write them as one record with one checksum). Completes when they are durable as the log's fsync policy defines;
    /// throws when the log refuses them, and then none of them may ever be replayed: the boards drop them and fail
    /// their writes with the exception. A refused batch's sequence numbers are given to the partition's next batch, so a
    /// log that wrote part of a refused record must cut it off (or refuse every later append) before throwing.
    /// <para>
    /// One call may hold several partitions of one board, or several boards (a batch, a multi-board write); a partition
    /// appears at most once per call. Calls for different partitions may overlap; a partition never has two calls in
    /// flight, so each partition's batches arrive in sequence order. The engine passes no cancellation today.
    /// </para>
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<LoggedBatch> batches, CancellationToken cancellationToken);
}
