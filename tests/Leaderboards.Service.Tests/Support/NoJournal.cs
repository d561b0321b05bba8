using Leaderboards.Engine.Boards;
using Leaderboards.Service.Durability;
using Leaderboards.Storage;

namespace Leaderboards.Service.Tests.Support;

/// <summary>A journal that keeps nothing, for tests that need boards and not durability.</summary>
internal sealed class NoJournal : IJournal
{
    public Task AppendAsync(StorageRecord record) => Task.CompletedTask;

    public ValueTask AttachAsync(Board board, ulong incarnation) => ValueTask.CompletedTask;
}
