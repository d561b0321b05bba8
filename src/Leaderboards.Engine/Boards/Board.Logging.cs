using Leaderboards.Engine.Boards.Internal;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards;

// The log a board writes through, and writes that span boards.
public sealed partial class Board
{
    /// <summary>The boards this one shares its log with; boards with no log share <see cref="LogDomain.None"/>.</summary>
    internal LogDomain Domain => Volatile.Read(ref _domain);

    /// <summary>What <see cref="AttachLogAsync"/> was given to name this board in the log.</summary>
    internal object? LogTag => Volatile.Read(ref _logTag);

    /// <summary>
    /// Makes the board write through <paramref name="log"/>: from now on every change (submit, batch, remove, clear) is
    /// appended there before anyone can see it, and a change the log refuses is dropped and its write fails with the
    /// log's error. <paramref name="tag"/> comes back in every <see cref="LoggedBatch"/> of this board. Attach once,
    /// before the board takes writes (after recovery's <see cref="LoadAsync"/>); with no log, writes apply directly.
    /// </summary>
    /// <exception cref="InvalidOperationException">A log is already attached.</exception>
    public async ValueTask AttachLogAsync(IChangeLog log, object? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Domain != LogDomain.None)
            throw new InvalidOperationException($"Board '{Id}' already writes through a log.");
        // The tag is in place before the domain names the log, so no write sees the log without it.
        Volatile.Write(ref _logTag, tag);
        if (Interlocked.CompareExchange(ref _domain, LogDomain.For(log), LogDomain.None) != LogDomain.None)
            throw new InvalidOperationException($"Board '{Id}' already writes through a log.");

        // One array per round: the log may keep the list until its append completes.
        ValueTask AppendAsync(ChangeBatch batch) => log.AppendAsync([new LoggedBatch(this, tag, batch)], CancellationToken.None);
        foreach (var partition in _partitions)
            await partition.AttachLogAsync(AppendAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Submits one score to each of several boards (a daily, a weekly and an all-time board, say) as one write: every
    /// board validates its submission first (a refusal names <c>writes[i].field</c> and changes nothing), then all of
    /// them go to the log in one append, so a refusal or a crash keeps none of them. The boards must share one log
    /// (or all have none). Results are in the order of <paramref name="writes"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The boards write through different logs.</exception>
    public static async ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(
        IReadOnlyList<(Board Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
            return [];
        var domain = writes[0].Board.Domain;
        for (int i = 0; i < writes.Count; i++)
        {
            var (board, submission) = writes[i];
            try
            {
                SubmissionValidator.Validate(board.Options, submission);
            }
            catch (LeaderboardValidationException ex)
            {
                throw ex.Under($"writes[{i}]");
            }

            if (board.Domain != domain)
                throw new InvalidOperationException($"Boards '{writes[0].Board.Id}' and '{board.Id}' write through different logs and cannot be written together.");
        }

        // One share per partition: writes that land in the same partition of the same board go in one command.
        var groups = new List<(Board Board, int Partition, List<int> Writes)>();
        var groupOf = new int[writes.Count];
        var slots = new int[writes.Count];
        for (int i = 0; i < writes.Count; i++)
        {
            var (board, submission) = writes[i];
            int p = board.PartitionOf(submission.PlayerId);
            int g = groups.FindIndex(x => x.Board == board && x.Partition == p);
            if (g < 0)
            {
                g = groups.Count;
                groups.Add((board, p, []));
            }

            groupOf[i] = g;
            slots[i] = groups[g].Writes.Count;
            groups[g].Writes.Add(i);
        }

        var outcomes = new Task<IReadOnlyList<SubmitOutcome>>[groups.Count];
        var parts = new (Board, PreparedPart)[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var (board, p, indexes) = groups[g];
            var command = new SubmitCommand(indexes.Select(i => writes[i].Submission).ToArray(), board._time.GetUtcNow().ToUnixTimeMilliseconds());
            if (groups.Count == 1)
                outcomes[g] = board._partitions[p].SubmitAsync(command, cancellationToken).AsTask();
            else
                parts[g] = (board, board._partitions[p].PrepareSubmit(command, out outcomes[g]));
        }

        // A single share logs itself as one round, without the gate.
        if (groups.Count > 1)
            await AtomicWrite.RunAsync(domain, parts, cancellationToken).ConfigureAwait(false);

        var results = new SubmitResult[writes.Count];
        for (int i = 0; i < writes.Count; i++)
        {
            var board = writes[i].Board;
            int g = groupOf[i];
            var outcome = (await outcomes[g].ConfigureAwait(false))[slots[i]];
            results[i] = board.ToResult(groups[g].Partition, outcome);
        }

        return results;
    }
}
