using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Boards;

namespace Leaderboards.Service.Durability;

/// <summary>What the catalog needs of a store: a journal for definitions, and boards to create, drop and write across.</summary>
public interface IBoardStore : IJournal
{
    /// <summary>A board for a new incarnation (a board or a season), empty and not yet visible to anyone.</summary>
    ValueTask<IRankedBoard> CreateBoardAsync(string id, ulong incarnation, BoardOptions options, CancellationToken cancellationToken = default);

    /// <summary>A board deleted (or a season dropped) here: its entries go for good, then the board is disposed.</summary>
    ValueTask DropBoardAsync(IRankedBoard board, CancellationToken cancellationToken = default);

    /// <summary>One score on each of several boards of this store, all or none.</summary>
    ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(IReadOnlyList<(IRankedBoard Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default);
}
