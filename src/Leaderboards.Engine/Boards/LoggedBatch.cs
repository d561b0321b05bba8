using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Boards;

/// <summary>
/// One partition's changes in a log append: the <see cref="Board"/>, the <see cref="Tag"/> given to
/// <see cref="Board.AttachLogAsync"/> for it (the storage's own name for the board, say its incarnation), and the
/// <see cref="Batch"/>, whose <see cref="ChangeBatch.Partition"/> says which partition.
/// </summary>
public readonly record struct LoggedBatch(Board Board, object? Tag, ChangeBatch Batch);
