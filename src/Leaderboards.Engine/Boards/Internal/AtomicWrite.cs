using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>
/// A write that spans partitions or boards, logged as one append: every partition computes its share and waits, the
/// shares go to the log in one call, and then every partition applies its share, or drops it when the log refused.
/// The log, and so a restart, holds all of it or none; a concurrent reader may see one partition's share applied a
/// moment before another's.
/// </summary>
internal static class AtomicWrite
{
    /// <summary>
    /// Runs the write. <paramref name="parts"/> hold at most one share per partition (a second share in the same
    /// mailbox would wait behind the first, which waits for it). Completes when every share is applied and published;
    /// throws the log's error (and then no share is applied) or the first share's own error.
    /// </summary>
    public static async Task RunAsync(LogDomain domain, IReadOnlyList<(Board Board, PreparedPart Part)> parts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int queued = 0;
        try
        {
            // A prepared share holds its partition until the decision, so two writes whose shares reached two
            // partitions in opposite orders would wait for each other for ever. Queuing every share of a write under the
            // domain's gate puts the writes in one order in every mailbox; a partition takes a share only after all
            // earlier shares in its mailbox are decided, and the earliest undecided write's shares are each first in
            // their mailboxes, so it is always fully prepared and decided. Queuing never waits (the mailboxes are
            // unbounded), so the gate is held for microseconds; single-partition writes never take it.
            lock (domain.Gate)
            {
                for (; queued < parts.Count; queued++)
                {
                    if (!parts[queued].Part.TryEnqueue())
                        throw new ObjectDisposedException(nameof(Board), "A partition of the board is shut down.");
                }
            }
        }
        catch (Exception ex)
        {
            for (int i = 0; i < queued; i++)
                parts[i].Part.Decide(ex);
            throw;
        }

        Exception? refusal = null;
        try
        {
            var batches = new List<LoggedBatch>(parts.Count);
            foreach (var (board, part) in parts)
            {
                if (await part.Prepared.ConfigureAwait(false) is { } batch)
                    batches.Add(new LoggedBatch(board, board.LogTag, batch));
            }

            // Past this point cancelling would leave the outcome unknown: the append is not cancelled.
            if (batches.Count > 0 && domain.Log is { } log)
                await log.AppendAsync(batches, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            refusal = ex;
        }

        var completions = new Task[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            parts[i].Part.Decide(refusal);
            completions[i] = parts[i].Part.Completion;
        }

        // WhenAll observes every share's error, so a refusal is not reported as unobserved once per partition.
        await Task.WhenAll(completions).ConfigureAwait(false);
    }
}
