using Leaderboards.Engine.Boards;
using Leaderboards.Storage;

namespace Leaderboards.Service.Durability;

/// <summary>Where changes are recorded before they are acknowledged.</summary>
public interface IJournal
{
    /// <summary>Records a definition change (boards, seasons, keys); completes when it is as durable as the fsync policy promises.</summary>
    Task AppendAsync(StorageRecord record);

    /// <summary>Records every later change of the board's partitions.</summary>
    ValueTask AttachAsync(Board board, ulong incarnation);
}
