using Leaderboards.Engine.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;
using Leaderboards.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Service.Tests.Embedded;

/// <summary>
/// The embedded store and the board catalog wired as the server wires them, over a data directory whose file operations
/// the test chooses (so a log write or fsync can fail as on a full disk). Opening recovers what the directory holds.
/// </summary>
internal sealed class StoreOnFaultyDisk : IAsyncDisposable
{
    private StoreOnFaultyDisk(DurableStore store, BoardCatalog catalog)
    {
        Store = store;
        Catalog = catalog;
    }

    public DurableStore Store { get; }

    public BoardCatalog Catalog { get; }

    public static async Task<StoreOnFaultyDisk> OpenAsync(string directory, FsyncPolicy fsync, FileOperations files)
    {
        var dataFiles = new DataFiles(directory, new PersistenceOptions { Fsync = fsync }, NullLogger.Instance, files);
        var store = new DurableStore(dataFiles, TimeProvider.System, NullLogger<DurableStore>.Instance);
        var catalog = new BoardCatalog(store, TimeProvider.System);
        try
        {
            await store.RecoverAsync(catalog, new ApiKeyStore(store, TimeProvider.System), CancellationToken.None);
        }
        catch
        {
            await catalog.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }
        return new StoreOnFaultyDisk(store, catalog);
    }

    /// <summary>Creates a board with one read replica per partition, so eventual reads are answered by replicas.</summary>
    public async Task<Board> CreateBoardAsync(string boardId, string updatePolicy, int partitions)
    {
        var change = new BoardChange { UpdatePolicy = updatePolicy, Partitions = partitions, Replicas = 1 };
        var (_, created) = await Catalog.PutAsync(boardId, change, CancellationToken.None);
        Assert.True(created);
        return await BoardAsync(boardId);
    }

    /// <summary>The engine board that takes the board's writes now (its current season).</summary>
    public async Task<Board> BoardAsync(string boardId)
    {
        Assert.True(Catalog.TryGet(boardId, out var handle), $"board '{boardId}' is missing");
        return ((EmbeddedBoard)(await handle.CurrentSeasonAsync(CancellationToken.None)).Board).Engine;
    }

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        await Store.DisposeAsync();
    }
}
