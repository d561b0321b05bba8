using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Storage.Tests;

/// <summary>The log written through <see cref="DataFiles"/> reads back in order; a torn tail is cut, other damage refused.</summary>
public sealed class DataFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lb-storage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DataFiles Open(FsyncPolicy fsync = FsyncPolicy.Always) =>
        new(_dir, new PersistenceOptions { Fsync = fsync }, NullLogger.Instance);

    private async Task<List<StorageRecord>> WriteAsync(int count, FsyncPolicy fsync = FsyncPolicy.Always)
    {
        var written = Enumerable.Range(0, count).Select(i => (StorageRecord)new KeyRevoked($"key-{i}")).ToList();
        await using var files = Open(fsync);
        files.OpenLog(0);
        // Concurrent appends share writes (and fsyncs): each completes once its record is in.
        await Task.WhenAll(written.Take(count / 2).Select(files.AppendAsync));
        foreach (var record in written.Skip(count / 2))
            await files.AppendAsync(record);
        return written;
    }

    private string OnlySegment() => Assert.Single(Directory.GetFiles(Path.Combine(_dir, "log"), "*.lblog"));

    [Theory]
    [InlineData(FsyncPolicy.Always)]
    [InlineData(FsyncPolicy.EverySec)]
    [InlineData(FsyncPolicy.No)]
    public async Task Appends_ReadBack_InOrder(FsyncPolicy fsync)
    {
        var written = await WriteAsync(200, fsync);
        await using var files = Open();
        var read = files.ReadLog(0).ToList();
        Assert.Equal(written.Count, read.Count);
        Assert.Equal(written.Select(r => ((KeyRevoked)r).Id).Order(), read.Select(r => ((KeyRevoked)r).Id).Order());
        Assert.Equal(written.Skip(100), read.Skip(100));
    }

    [Fact]
    public async Task ATornLastRecord_IsCutOff_AndTheRestReads()
    {
        await WriteAsync(10);
        string segment = OnlySegment();
        long length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
            file.SetLength(length - 3);

        await using var files = Open();
        Assert.Equal(9, files.ReadLog(0).Count());
        Assert.True(new FileInfo(segment).Length < length - 3, "the torn record's bytes are cut off the file");
        Assert.Equal(9, files.ReadLog(0).Count());
    }

    [Fact]
    public async Task AFlippedByteBeforeTheTail_RefusesToRead_NamingFileAndOffset()
    {
        await WriteAsync(10);
        string segment = OnlySegment();
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        bytes[35] ^= 0xFF; // inside the first record's player id: its checksum fails, and records follow it
        await File.WriteAllBytesAsync(segment, bytes);

        await using var files = Open();
        var error = Assert.Throws<PersistenceCorruptException>(() => files.ReadLog(0).ToList());
        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes.Length, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task ADamagedLengthFieldMidFile_IsNotTakenForATornTail()
    {
        await WriteAsync(10);
        string segment = OnlySegment();
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        // The second record's length now claims more bytes than the file holds, as a torn last record would.
        int second = 20 + 8 + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        bytes[second + 2] ^= 0x7F;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var files = Open();
        Assert.Throws<PersistenceCorruptException>(() => files.ReadLog(0).ToList());
        Assert.Equal(bytes.Length, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task ASnapshot_ReadsBackWhole_AndValidates()
    {
        await using var files = Open();
        files.OpenLog(0);
        await files.AppendAsync(new KeyRevoked("before"));
        var info = await files.WriteSnapshotAsync(DateTimeOffset.UnixEpoch, async sink => await sink.WriteAsync(new KeyRevoked("in-snapshot")), CancellationToken.None);
        DataFiles.Validate(info.Path);
        using var source = new SnapshotSource(info.Path);
        var records = new List<StorageRecord>();
        while (source.TryRead(out var record))
            records.Add(record);
        Assert.IsType<SnapshotBegin>(records[0]);
        Assert.Equal(new KeyRevoked("in-snapshot"), records[1]);
        Assert.Equal(new SnapshotEnd(2, 0), records[2]);
        // The log before the snapshot is no longer needed by it: replay starts at the rolled segment.
        Assert.Empty(files.ReadLog(info.ReplayFromSegment));
    }
}
