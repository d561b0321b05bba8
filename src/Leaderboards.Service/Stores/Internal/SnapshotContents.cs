using Leaderboards.Service.Catalog;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Stores.Internal;

/// <summary>
/// What a snapshot holds, in either store: the keys, then each board's definition, then each season's start followed by
/// its partitions' entries (which each store reads its own way). Boards being deleted or replaced are left out: what
/// follows them is recorded after the snapshot.
/// </summary>
internal static class SnapshotContents
{
    /// <summary>Writes everything but the partitions, which <paramref name="writePartitions"/> writes per season; returns the boards written.</summary>
    public static async Task<long> WriteAsync(SnapshotSink sink, BoardCatalog boards, ApiKeyStore keys, Func<BoardHandle, Season, Task> writePartitions)
    {
        foreach (var key in keys.List())
            await sink.WriteAsync(ApiKeyStore.ToStored(key));
        long written = 0;
        foreach (var handle in boards.All)
        {
            if (!handle.TryEnter(out var lease))
                continue;
            using (lease)
            {
                written++;
                await sink.WriteAsync(handle.Definition);
                foreach (var season in handle.Seasons)
                {
                    await sink.WriteAsync(new SeasonStarted(handle.Id, handle.Incarnation, season.Id, season.Incarnation, season.Start, season.End));
                    await writePartitions(handle, season);
                }
            }
        }
        return written;
    }
}
