using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Storage;

namespace Leaderboards.Service.Embedded;

// Restore on a running server: check the whole snapshot first, then swap every board and key while API requests get 503,
// then take a new snapshot so that a restart starts from the restored state and not from the log before it.
public sealed partial class DurableStore
{
    /// <summary>Restores snapshot <paramref name="id"/>.</summary>
    public async Task<SnapshotResult> RestoreAsync(string id, Readiness readiness, CancellationToken cancellationToken)
    {
        var snapshot = _files.Snapshots().FirstOrDefault(s => s.Id == id);
        if (snapshot is null)
            throw new SnapshotNotFoundException(id);
        DataFiles.Validate(snapshot.Path);

        await _snapshotLock.WaitAsync(cancellationToken);
        readiness.BeginRestore();
        try
        {
            await _boards!.ClearForRestoreAsync();
            _keys!.ClearForRestore();
            await LoadSnapshotAsync(snapshot.Path, [], CancellationToken.None);
            await FinishLoadsAsync(_boards);
            await _boards.FinishRecoveryAsync();
        }
        finally
        {
            readiness.EndRestore();
            _snapshotLock.Release();
        }
        return await SnapshotAsync(CancellationToken.None);
    }
}
