using Leaderboards.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Storage.Tests;

/// <summary>
/// A write that fails as on a full disk, injected once: the failed roll, snapshot or append leaves no file and no
/// record behind, the log goes on taking appends, and the next snapshot works.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lb-fulldisk-").FullName;
    private readonly FaultyFileOperations _faults = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DataFiles Open(FsyncPolicy fsync = FsyncPolicy.Always) =>
        new(_dir, new PersistenceOptions { Fsync = fsync, KeepSnapshots = 3 }, NullLogger.Instance, _faults);

    private static Task<SnapshotInfo> SnapshotAsync(DataFiles files) =>
        files.WriteSnapshotAsync(DateTimeOffset.UnixEpoch, sink => sink.WriteAsync(new KeyRevoked("in-snapshot")).AsTask(), CancellationToken.None);

    private string[] Files(string folder) =>
        [.. Directory.GetFiles(Path.Combine(_dir, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private async Task<List<string>> ReadLogAsync(long fromSegment)
    {
        await using var files = Open();
        return [.. files.ReadLog(fromSegment).Select(r => ((KeyRevoked)r).Id)];
    }

    /// <summary>Opens the log and takes a first snapshot, so segment 2 is the log after it and is kept by retention.</summary>
    private async Task<DataFiles> StartAsync(FsyncPolicy fsync)
    {
        var files = Open(fsync);
        files.OpenLog(0);
        await SnapshotAsync(files);
        await files.AppendAsync(new KeyRevoked("before-1"));
        await files.AppendAsync(new KeyRevoked("before-2"));
        return files;
    }

    [Theory]
    [InlineData(FsyncPolicy.Always)]
    [InlineData(FsyncPolicy.EverySec)]
    [InlineData(FsyncPolicy.No)]
    public async Task ASnapshotWhoseNewSegmentCannotBeWritten_FailsCleanly_AndTheNextOneWorks(FsyncPolicy fsync)
    {
        await using (var files = await StartAsync(fsync))
        {
            _faults.FailNextWrite(path => path.EndsWith("000000000003.lblog", StringComparison.Ordinal));

            var error = await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
            Assert.Contains("could not start a new segment", error.Message, StringComparison.Ordinal);
            Assert.Contains(FaultyFileOperations.DiskFullMessage, error.Message, StringComparison.Ordinal);
            Assert.Equal(["000000000002.lblog"], Files("log"));
            Assert.Equal(["000000000002.lbsnap"], Files("snapshots"));

            await files.AppendAsync(new KeyRevoked("after-failure"));
            var snapshot = await SnapshotAsync(files);
            Assert.Equal(3, snapshot.ReplayFromSegment);
            await files.AppendAsync(new KeyRevoked("after-snapshot"));
            Assert.Equal(["000000000002.lblog", "000000000003.lblog"], Files("log"));
            Assert.Equal(["000000000002.lbsnap", "000000000003.lbsnap"], Files("snapshots"));
            DataFiles.Validate(snapshot.Path);
        }

        Assert.Equal(["before-1", "before-2", "after-failure", "after-snapshot"], await ReadLogAsync(2));
    }

    [Fact]
    public async Task ANewSegmentThatCannotBeSynced_IsRemoved_AndTheNextRollStartsItAgain()
    {
        await using (var files = await StartAsync(FsyncPolicy.Always))
        {
            _faults.FailNextFlushToDisk(path => path.EndsWith("000000000003.lblog", StringComparison.Ordinal));

            await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
            Assert.Equal(["000000000002.lblog"], Files("log"));

            await files.AppendAsync(new KeyRevoked("after-failure"));
            Assert.Equal(3, (await SnapshotAsync(files)).ReplayFromSegment);
        }

        Assert.Equal(["before-1", "before-2", "after-failure"], await ReadLogAsync(2));
    }

    [Fact]
    public async Task ANewSegmentThatCouldNotBeDeleted_IsDeletedBeforeTheNextRoll()
    {
        await using (var files = await StartAsync(FsyncPolicy.Always))
        {
            _faults.FailNextWrite(path => path.EndsWith("000000000003.lblog", StringComparison.Ordinal));
            _faults.FailNextDelete(path => path.EndsWith("000000000003.lblog", StringComparison.Ordinal));

            await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
            Assert.Equal(["000000000002.lblog", "000000000003.lblog"], Files("log"));

            await files.AppendAsync(new KeyRevoked("after-failure"));
            Assert.Equal(3, (await SnapshotAsync(files)).ReplayFromSegment);
            await files.AppendAsync(new KeyRevoked("after-snapshot"));
        }

        Assert.Equal(["before-1", "before-2", "after-failure", "after-snapshot"], await ReadLogAsync(2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASnapshotFileThatCannotBeWritten_LeavesNoTemporaryFile_AndTheNextOneWorks(bool failTheFsync)
    {
        await using (var files = await StartAsync(FsyncPolicy.Always))
        {
            Func<string, bool> temporary = path => path.EndsWith(".lbsnap.tmp", StringComparison.Ordinal);
            if (failTheFsync)
                _faults.FailNextFlushToDisk(temporary);
            else
                _faults.FailNextWrite(temporary);

            var error = await Assert.ThrowsAsync<LogUnavailableException>(() => SnapshotAsync(files));
            Assert.Contains("The snapshot could not be written", error.Message, StringComparison.Ordinal);
            Assert.Contains(FaultyFileOperations.DiskFullMessage, error.Message, StringComparison.Ordinal);
            Assert.Equal(["000000000002.lbsnap"], Files("snapshots"));
            // The roll before it worked: the log goes on in segment 3, and retention deleted nothing.
            Assert.Equal(["000000000002.lblog", "000000000003.lblog"], Files("log"));

            await files.AppendAsync(new KeyRevoked("after-failure"));
            var snapshot = await SnapshotAsync(files);
            Assert.Equal(4, snapshot.ReplayFromSegment);
            await files.AppendAsync(new KeyRevoked("after-snapshot"));
            Assert.Equal(["000000000002.lbsnap", "000000000004.lbsnap"], Files("snapshots"));
            DataFiles.Validate(snapshot.Path);
        }

        Assert.Equal(["before-1", "before-2", "after-failure", "after-snapshot"], await ReadLogAsync(2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARefusedAppend_LeavesNoTrace_AndTheNextAppendIsTaken(bool failTheFsync)
    {
        await using (var files = await StartAsync(FsyncPolicy.Always))
        {
            Func<string, bool> segment = path => path.EndsWith("000000000002.lblog", StringComparison.Ordinal);
            if (failTheFsync)
                _faults.FailNextFlushToDisk(segment);
            else
                _faults.FailNextWrite(segment);

            var error = await Assert.ThrowsAsync<LogUnavailableException>(() => files.AppendAsync(new KeyRevoked("refused")));
            Assert.Contains(FaultyFileOperations.DiskFullMessage, error.Message, StringComparison.Ordinal);
            await files.AppendAsync(new KeyRevoked("taken"));
            Assert.Equal(3, (await SnapshotAsync(files)).ReplayFromSegment);
        }

        Assert.Equal(["before-1", "before-2", "taken"], await ReadLogAsync(2));
    }
}
