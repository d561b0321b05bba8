using Leaderboards.Server.Hosting;
using Leaderboards.Server.Persistence.Internal;

namespace Leaderboards.Server.Persistence;

// Restore on a running server: check the whole snapshot first, then swap every board and key while API requests get 503,
// then take a new snapshot so that a restart starts from the restored state and not from the log before it.
public sealed partial class DurableStore
{
    /// <summary>Restores snapshot <paramref name="id"/>; null when there is no such snapshot.</summary>
    public async Task<SnapshotResult?> RestoreAsync(string id, Readiness readiness, CancellationToken cancellationToken)
    {
        var snapshot = Snapshots().FirstOrDefault(s => s.Id == id);
        if (snapshot is null)
            return null;
        Validate(snapshot.Path);

        await _snapshotLock.WaitAsync(cancellationToken);
        readiness.BeginRestore();
        try
        {
            await _boards!.ClearForRestoreAsync();
            _keys!.ClearForRestore();
            await LoadSnapshotAsync(snapshot.Path, [], CancellationToken.None);
            await _boards.FinishRecoveryAsync();
        }
        finally
        {
            readiness.EndRestore();
            _snapshotLock.Release();
        }
        return await SnapshotAsync(CancellationToken.None);
    }

    /// <summary>Reads a snapshot through, checking every record, without applying it.</summary>
    public static void Validate(string path)
    {
        using var reader = new RecordFileReader(path, RecordFile.SnapshotKind, allowTornTail: false);
        bool ended = false;
        while (reader.TryRead(out var record))
            ended = record.Type == RecordType.SnapshotEnd;
        if (!ended)
            throw new PersistenceCorruptException(path, reader.Result?.ValidLength ?? 0, "the snapshot is incomplete (no end record)");
    }
}
