using Leaderboards.Engine;
using Leaderboards.Engine.Boards;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Stores;
using Leaderboards.Storage;

namespace Leaderboards.Service.Tests.Support;

/// <summary>Engine boards that nothing records, for tests that need boards and not durability.</summary>
internal sealed class MemoryStore : IStore
{
    public string Kind => "memory";

    public event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted { add { } remove { } }

    public Task AppendAsync(StorageRecord record) => Task.CompletedTask;

    public ValueTask AttachAsync(IRankedBoard board, ulong incarnation) => ValueTask.CompletedTask;

    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<IRankedBoard> CreateBoardAsync(string id, ulong incarnation, BoardOptions options, CancellationToken cancellationToken = default) =>
        new EmbeddedBoard(await Board.CreateAsync(id, options, cancellationToken: cancellationToken));

    public ValueTask DropBoardAsync(IRankedBoard board, CancellationToken cancellationToken = default) => board.DisposeAsync();

    public ValueTask<IReadOnlyList<SubmitResult>> SubmitAcrossAsync(IReadOnlyList<(IRankedBoard Board, ScoreSubmission Submission)> writes, CancellationToken cancellationToken = default) =>
        Board.SubmitAcrossAsync([.. writes.Select(w => (((EmbeddedBoard)w.Board).Engine, w.Submission))], cancellationToken);

    public Task RecoverAsync(BoardCatalog boards, ApiKeyStore keys, CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<SnapshotInfo> Snapshots() => [];

    public Task<SnapshotResult> SnapshotAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SnapshotResult> RestoreAsync(string id, Readiness readiness, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
