using Leaderboards.Storage.Internal;
using Leaderboards.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Storage.Tests;

/// <summary>
/// The directory is synced after a log segment is created and after a snapshot or an atomic file is renamed into
/// place (unless the fsync policy is <see cref="FsyncPolicy.No"/>); a failed sync is an error, not a silent loss.
/// </summary>
public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lb-dirsync-").FullName;
    private readonly FaultyFileOperations _faults = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogDirectory => Path.Combine(_dir, "log");

    private string SnapshotDirectory => Path.Combine(_dir, "snapshots");

    private DataFiles Open(FsyncPolicy fsync) =>
        new(_dir, new PersistenceOptions { Fsync = fsync }, NullLogger.Instance, _faults);

    private static Task<SnapshotInfo> SnapshotAsync(DataFiles files) =>
        files.WriteSnapshotAsync(DateTimeOffset.UnixEpoch, sink => sink.WriteAsync(new KeyRevoked("in-snapshot")).AsTask(), CancellationToken.None);

    [Theory]
    [InlineData(FsyncPolicy.Always)]
    [InlineData(FsyncPolicy.EverySec)]
    public async Task TheLogDirectory_IsSyncedForEachNewSegment_AndTheSnapshotDirectoryForEachSnapshot(FsyncPolicy fsync)
    {
        await using var files = Open(fsync);
        files.OpenLog(0);
        Assert.Equal(1, _faults.DirectorySyncs(LogDirectory));
        Assert.Equal(0, _faults.DirectorySyncs(SnapshotDirectory));

        await files.AppendAsync(new KeyRevoked("a"));
        await SnapshotAsync(files);
        Assert.Equal(2, _faults.DirectorySyncs(LogDirectory));
        Assert.Equal(1, _faults.DirectorySyncs(SnapshotDirectory));
    }

    [Fact]
    public async Task UnderFsyncNo_NoDirectoryIsSynced()
    {
        await using var files = Open(FsyncPolicy.No);
        files.OpenLog(0);
        await files.AppendAsync(new KeyRevoked("a"));
        await SnapshotAsync(files);
        Assert.Equal(0, _faults.DirectorySyncs(LogDirectory));
        Assert.Equal(0, _faults.DirectorySyncs(SnapshotDirectory));
    }

    [Fact]
    public async Task ANewSegmentWhoseDirectoryCannotBeSynced_FailsTheRoll_AndIsRemoved()
    {
        await using (var files = Open(FsyncPolicy.Always))
        {
            files.OpenLog(0);
            await files.AppendAsync(new KeyRevoked("before"));
            _faults.FailNextDirectorySync(directory => directory == LogDirectory);

            var error = await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
            Assert.Contains("could not be synced", error.Message, StringComparison.Ordinal);
            Assert.Equal(["000000000001.lblog"], Directory.GetFiles(LogDirectory).Select(Path.GetFileName));

            await files.AppendAsync(new KeyRevoked("after"));
            Assert.Equal(2, (await SnapshotAsync(files)).ReplayFromSegment);
        }

        await using var reopened = Open(FsyncPolicy.Always);
        Assert.Equal(["in-snapshot"], ReadSnapshot(reopened.Snapshots()[0].Path));
        Assert.Empty(reopened.ReadLog(2));
    }

    [Fact]
    public async Task ASnapshotWhoseDirectoryCannotBeSynced_Throws_AndRetentionDeletesNothing()
    {
        await using var files = Open(FsyncPolicy.Always);
        files.OpenLog(0);
        await files.AppendAsync(new KeyRevoked("a"));
        _faults.FailNextDirectorySync(directory => directory == SnapshotDirectory);

        var error = await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
        Assert.Contains("may not survive a crash", error.Message, StringComparison.Ordinal);
        // Segment 1 is the only record of "a" until a snapshot is known to be durable.
        Assert.Equal(["000000000001.lblog", "000000000002.lblog"], Directory.GetFiles(LogDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnAtomicFile_SyncsItsDirectory_AndAFailedWriteKeepsTheOldContent()
    {
        string path = Path.Combine(_dir, "secret");
        await AtomicFile.WriteAsync(path, "old"u8.ToArray(), null, _faults, CancellationToken.None);
        Assert.Equal(1, _faults.DirectorySyncs(_dir));

        _faults.FailNextWrite(p => p.EndsWith(".tmp", StringComparison.Ordinal));
        await Assert.ThrowsAsync<IOException>(() => AtomicFile.WriteAsync(path, "new"u8.ToArray(), null, _faults, CancellationToken.None));
        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["secret"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void TheRealSync_WorksOnADirectory_AndFailsOnWhatIsNotOne()
    {
        DirectorySync.Sync(_dir);
        string file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");
        if (!OperatingSystem.IsLinux())
        {
            DirectorySync.Sync(file); // a no-op elsewhere
            return;
        }
        Assert.Throws<IOException>(() => DirectorySync.Sync(file));
        Assert.Throws<IOException>(() => DirectorySync.Sync(Path.Combine(_dir, "missing")));
    }

    private static List<string> ReadSnapshot(string path)
    {
        using var source = new SnapshotSource(path);
        var ids = new List<string>();
        while (source.TryRead(out var record))
        {
            if (record is KeyRevoked revoked)
                ids.Add(revoked.Id);
        }
        return ids;
    }
}
