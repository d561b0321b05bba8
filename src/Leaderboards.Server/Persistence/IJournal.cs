using Leaderboards.Engine.Boards;

namespace Leaderboards.Server.Persistence;

/// <summary>Where changes are recorded before they are acknowledged.</summary>
public interface IJournal
{
    /// <summary>Records a definition change (boards, keys); completes when it is as durable as the fsync policy promises.</summary>
    Task AppendAsync(RecordType type, object payload);

    /// <summary>Records every later change of the board's partitions.</summary>
    ValueTask AttachAsync(Board board, ulong incarnation);
}
