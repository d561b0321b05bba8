using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;

namespace Leaderboards.Service.Stores;

/// <summary>
/// Where boards, seasons and keys live: the embedded store (this process, its log and snapshots) or Redis Cluster (any
/// number of stateless nodes). The catalog, the keys and the API work the same over either.
/// </summary>
public interface IStore : IBoardStore
{
    /// <summary><c>embedded</c> or <c>redis</c>.</summary>
    string Kind { get; }

    /// <summary>Loads every acknowledged change into <paramref name="boards"/> and <paramref name="keys"/>; the service is ready after it.</summary>
    Task RecoverAsync(BoardCatalog boards, ApiKeyStore keys, CancellationToken cancellationToken);

    /// <summary>Snapshots on disk, newest first.</summary>
    IReadOnlyList<SnapshotInfo> Snapshots();

    Task<SnapshotResult> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Replaces every board and key with the snapshot's, while requests are refused as not ready.</summary>
    Task<SnapshotResult> RestoreAsync(string id, Readiness readiness, CancellationToken cancellationToken);

    /// <summary>Null while the store can serve; otherwise one line saying why not (cluster mode: a cluster that is down or not whole).</summary>
    Task<string?> CheckAvailableAsync(CancellationToken cancellationToken);

    /// <summary>Raised after each snapshot, with its duration and when it finished.</summary>
    event Action<TimeSpan, DateTimeOffset>? SnapshotCompleted;
}
