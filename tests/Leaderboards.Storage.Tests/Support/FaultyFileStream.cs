namespace Leaderboards.Storage.Tests.Support;

/// <summary>
/// A real file whose next write or flush to disk fails when <see cref="FaultyFileOperations"/> says so. A failing write
/// stores half its bytes first, as a write cut short by a full disk does. Each override calls its own base method, so
/// FileStream's routing between its overloads reaches a fault at most once.
/// </summary>
internal sealed class FaultyFileStream(FaultyFileOperations faults, string path, FileStreamOptions options) : FileStream(path, options)
{
    private readonly string _path = path;

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (faults.TakeWriteFault(_path))
        {
            base.Write(buffer, offset, count / 2);
            throw FaultyFileOperations.DiskFull();
        }
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (faults.TakeWriteFault(_path))
        {
            base.Write(buffer[..(buffer.Length / 2)]);
            throw FaultyFileOperations.DiskFull();
        }
        base.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (faults.TakeWriteFault(_path))
        {
            await base.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
            throw FaultyFileOperations.DiskFull();
        }
        await base.WriteAsync(buffer, cancellationToken);
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (faults.TakeWriteFault(_path))
        {
            await base.WriteAsync(buffer, offset, count / 2, cancellationToken);
            throw FaultyFileOperations.DiskFull();
        }
        await base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override void Flush(bool flushToDisk)
    {
        if (flushToDisk && faults.TakeFlushToDiskFault(_path))
            throw FaultyFileOperations.DiskFull();
        base.Flush(flushToDisk);
    }
}
