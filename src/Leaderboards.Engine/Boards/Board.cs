using Leaderboards.Engine.Boards.Internal;
using Leaderboards.Engine.Partitions;
using Leaderboards.Engine.Partitions.Internal;

namespace Leaderboards.Engine.Boards;

/// <summary>
/// A named leaderboard: players spread over partitions by a stable hash, each partition with one writer.
/// Board answers merge partition answers: a global rank is the rank inside the player's partition plus
/// the entries ranked ahead in the others. Ranks are 1-based.
/// </summary>
public sealed partial class Board : IAsyncDisposable
{
    public const int MaxBatch = 10_000;

    private readonly TimeProvider _time;
    private readonly PartitionOwner[] _partitions;
    // The owners' states in partition order: what a strong read's cut locks.
    private readonly PartitionState[] _ownerStates;
    private LogDomain _domain = LogDomain.None;
    private object? _logTag;

    private Board(string id, BoardOptions options, TimeProvider time)
    {
        Id = id;
        Options = options;
        _time = time;
        _partitions = new PartitionOwner[options.Partitions];
        for (int i = 0; i < _partitions.Length; i++)
            _partitions[i] = new PartitionOwner(i, options, time);
        _ownerStates = [.. _partitions.Select(p => p.State)];
    }

    public string Id { get; }

    public BoardOptions Options { get; }

    public IReadOnlyList<IPartition> Partitions => _partitions;

    /// <summary>Creates a board and its partitions and replicas.</summary>
    public static async ValueTask<Board> CreateAsync(string id, BoardOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var board = new Board(id, options, time ?? TimeProvider.System);
        if (options.Replicas > 0)
        {
            foreach (var partition in board._partitions)
                await partition.SetReplicaCountAsync(options.Replicas, cancellationToken).ConfigureAwait(false);
        }

        return board;
    }

    public int PartitionOf(string playerId) => PartitionRouter.PartitionOf(playerId, _partitions.Length);

    /// <summary>Throws <see cref="LeaderboardValidationException"/> when this board would refuse the submission; changes nothing.</summary>
    public void Validate(ScoreSubmission submission) => SubmissionValidator.Validate(Options, submission);

    public async ValueTask<SubmitResult> SubmitAsync(ScoreSubmission submission, CancellationToken cancellationToken = default)
    {
        SubmissionValidator.Validate(Options, submission);
        int p = PartitionOf(submission.PlayerId);
        var command = new SubmitCommand([submission], _time.GetUtcNow().ToUnixTimeMilliseconds());
        var outcomes = await _partitions[p].SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        return ToResult(p, outcomes[0]);
    }

    /// <summary>
    /// Applies up to <see cref="MaxBatch"/> submissions, all or none. The batch is validated as a whole first: one bad
    /// entry refuses all of them (its field is named <c>entries[i].field</c>) and nothing changes. The whole batch, every
    /// partition's share of it, goes to the log in one append: a refusal, or a crash, keeps none of it.
    /// </summary>
    public async ValueTask<IReadOnlyList<SubmitResult>> SubmitBatchAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default)
    {
        if (submissions.Count == 0)
            throw new LeaderboardValidationException("entries", "entries must not be empty.");
        if (submissions.Count > MaxBatch)
            throw new LeaderboardValidationException("entries", $"a batch holds at most {MaxBatch} entries.");
        var groups = ValidateAndGroup(submissions);
        var pending = await SubmitGroupsAsync(submissions, groups, cancellationToken).ConfigureAwait(false);
        var outcomes = new IReadOnlyList<SubmitOutcome>[pending.Count];
        for (int g = 0; g < pending.Count; g++)
            outcomes[g] = await pending[g].Outcomes.ConfigureAwait(false);

        // A cut per answer, not one for the whole batch: a large batch would hold every owner's read lock for milliseconds.
        var results = new SubmitResult[submissions.Count];
        for (int g = 0; g < pending.Count; g++)
        {
            var (indexes, p, _) = pending[g];
            for (int j = 0; j < indexes.Count; j++)
                results[indexes[j]] = ToResult(p, outcomes[g][j]);
        }

        return results;
    }

    /// <summary>
    /// Loads submissions in bulk under the board's policy, validated as a whole and logged as one append like a batch,
    /// without computing ranks for the answer: the fast path for warming a board from an export. Returns how many were applied.
    /// </summary>
    public async ValueTask<int> ImportAsync(IReadOnlyList<ScoreSubmission> submissions, CancellationToken cancellationToken = default)
    {
        var groups = ValidateAndGroup(submissions);
        foreach (var (_, _, task) in await SubmitGroupsAsync(submissions, groups, cancellationToken).ConfigureAwait(false))
            await task.ConfigureAwait(false);
        return submissions.Count;
    }

    /// <summary>Removes a player's entry; false when the player has none.</summary>
    public ValueTask<bool> RemoveAsync(string playerId, CancellationToken cancellationToken = default)
    {
        PlayerIds.Validate(playerId);
        return _partitions[PartitionOf(playerId)].RemoveAsync(playerId, cancellationToken);
    }

    /// <summary>Removes every entry, from every partition in one log append: all or none.</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        if (_partitions.Length == 1)
        {
            await _partitions[0].ClearAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var parts = new (Board, PreparedPart)[_partitions.Length];
        for (int p = 0; p < parts.Length; p++)
            parts[p] = (this, _partitions[p].PrepareClear());
        await AtomicWrite.RunAsync(Domain, parts, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetReplicaCountAsync(int replicas, CancellationToken cancellationToken = default)
    {
        foreach (var partition in _partitions)
            await partition.SetReplicaCountAsync(replicas, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recovery: applies recorded changes to one partition; see <see cref="IPartition.LoadAsync"/>.</summary>
    public ValueTask LoadAsync(int partition, IReadOnlyList<ScoreChange> changes, long sequence, CancellationToken cancellationToken = default) =>
        _partitions[partition].LoadAsync(changes, sequence, cancellationToken);

    /// <summary>
    /// Recovery: builds every partition's index from the changes <see cref="LoadAsync"/> staged, the partitions in
    /// parallel. Reads and writes would build a partition on their own; this does it for all at once.
    /// </summary>
    public async ValueTask FinishLoadAsync(CancellationToken cancellationToken = default)
    {
        var builds = new Task[_partitions.Length];
        for (int p = 0; p < builds.Length; p++)
            builds[p] = _partitions[p].FinishLoadAsync(cancellationToken).AsTask();
        await Task.WhenAll(builds).ConfigureAwait(false);
    }

    public BoardStatus GetStatus()
    {
        var statuses = _partitions.Select(p => p.GetStatus()).ToArray();
        return new BoardStatus(statuses.Sum(s => s.Entries), statuses);
    }

    /// <summary>Completes when every replica has applied every change its owner had made when this was called.</summary>
    public async Task WaitForReplicasAsync(CancellationToken cancellationToken = default)
    {
        foreach (var partition in _partitions)
        {
            for (int r = 0; r < partition.Replicas.Count; r++)
                await partition.WaitForReplicaAsync(r, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partition in _partitions)
            await partition.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Submits each partition's group of a validated batch: directly when one partition holds them all, else as one
    /// logged write. Completes when every group is applied; the outcome tasks are then complete.
    /// </summary>
    private async ValueTask<List<(List<int> Indexes, int Partition, Task<IReadOnlyList<SubmitOutcome>> Outcomes)>> SubmitGroupsAsync(
        IReadOnlyList<ScoreSubmission> submissions, List<int>?[] groups, CancellationToken cancellationToken)
    {
        long time = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = new List<(List<int> Indexes, int Partition, Task<IReadOnlyList<SubmitOutcome>> Outcomes)>();
        int used = groups.Count(g => g is not null);
        if (used == 1)
        {
            // One partition logs its own round: already one append, and no gate.
            int p = Array.FindIndex(groups, g => g is not null);
            var indexes = groups[p]!;
            var command = new SubmitCommand(indexes.Select(i => submissions[i]).ToArray(), time);
            var outcomes = _partitions[p].SubmitAsync(command, cancellationToken).AsTask();
            pending.Add((indexes, p, outcomes));
            await outcomes.ConfigureAwait(false);
            return pending;
        }

        var parts = new List<(Board, PreparedPart)>(used);
        for (int p = 0; p < groups.Length; p++)
        {
            if (groups[p] is not { } indexes)
                continue;
            var command = new SubmitCommand(indexes.Select(i => submissions[i]).ToArray(), time);
            parts.Add((this, _partitions[p].PrepareSubmit(command, out var outcomes)));
            pending.Add((indexes, p, outcomes));
        }

        await AtomicWrite.RunAsync(Domain, parts, cancellationToken).ConfigureAwait(false);
        return pending;
    }

    /// <summary>Validates every submission (naming the first bad one by index) and groups their indexes by partition.</summary>
    private List<int>?[] ValidateAndGroup(IReadOnlyList<ScoreSubmission> submissions)
    {
        var groups = new List<int>?[_partitions.Length];
        for (int i = 0; i < submissions.Count; i++)
        {
            try
            {
                SubmissionValidator.Validate(Options, submissions[i]);
            }
            catch (LeaderboardValidationException ex)
            {
                throw ex.Under($"entries[{i}]");
            }

            (groups[PartitionOf(submissions[i].PlayerId)] ??= []).Add(i);
        }

        return groups;
    }

    /// <summary>With one partition and ordinal ranks a partition's own ranks are the board's: a write's answer needs no read.</summary>
    private bool OwnRankIsBoardRank => _partitions.Length == 1 && Options.RankMode == RankMode.Ordinal;

    /// <summary>A write's answer: its entry ranked on the board as it is now, the other partitions read in one cut.</summary>
    private SubmitResult ToResult(int p, SubmitOutcome outcome)
    {
        if (OwnRankIsBoardRank)
            return ToResult(null, p, outcome);
        using var cut = Cut(ReadConsistency.Strong);
        return ToResult(cut, p, outcome);
    }

    // The own partition's ranks are those of the write, in its round; the other partitions are counted in the cut.
    private SubmitResult ToResult(BoardCut? cut, int p, SubmitOutcome outcome)
    {
        var entry = outcome.Entry;
        long rank = cut?.Rank(p, entry, outcome.LocalRank) ?? outcome.LocalRank + 1;
        long? previousRank = null;
        if (outcome.Previous is { } previous)
        {
            previousRank = cut is not { } c ? previous.LocalRank + 1
                : Options.RankMode == RankMode.Competition
                    ? 1 + outcome.PreviousAheadOfValue + c.CountAhead(p, RankKey.Lowest(previous.Entry.Score, previous.Entry.Subscore))
                    : c.Rank(p, previous.Entry, previous.LocalRank);
        }

        return new SubmitResult(entry.PlayerId, entry.Score, entry.Subscore, rank, previousRank, outcome.Improved, outcome.Changed);
    }
}
