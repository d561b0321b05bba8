using System.Collections.Concurrent;
using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage.Tests.Support;

/// <summary>
/// Real file operations that a test can make fail once, as a full disk does, and that count directory syncs. A fault
/// is armed for the next matching operation and disarms as it fires, so the operation after it succeeds.
/// </summary>
internal sealed class FaultyFileOperations : FileOperations
{
    private readonly ConcurrentDictionary<string, int> _directorySyncs = new();
    private Func<string, bool>? _failWrite;
    private Func<string, bool>? _failFlushToDisk;
    private Func<string, bool>? _failDirectorySync;
    private Func<string, bool>? _failDelete;

    public const string DiskFullMessage = "No space left on device";

    public static IOException DiskFull() => new(DiskFullMessage);

    /// <summary>The next write to a matching file stores half its bytes, then throws.</summary>
    public void FailNextWrite(Func<string, bool> path) => _failWrite = path;

    /// <summary>The next flush to disk of a matching file throws (a file system that allocates late finds the disk full then).</summary>
    public void FailNextFlushToDisk(Func<string, bool> path) => _failFlushToDisk = path;

    public void FailNextDirectorySync(Func<string, bool> directory) => _failDirectorySync = directory;

    public void FailNextDelete(Func<string, bool> path) => _failDelete = path;

    /// <summary>Syncs of <paramref name="directory"/> so far, failed ones included.</summary>
    public int DirectorySyncs(string directory) => _directorySyncs.GetValueOrDefault(Path.GetFullPath(directory));

    public override FileStream Create(string path, FileStreamOptions options) => new FaultyFileStream(this, path, options);

    public override void SyncDirectory(string directory)
    {
        _directorySyncs.AddOrUpdate(Path.GetFullPath(directory), 1, (_, n) => n + 1);
        if (Take(ref _failDirectorySync, directory))
            throw new IOException($"The directory {directory} could not be synced to the disk (errno 5: Input/output error)");
        base.SyncDirectory(directory);
    }

    public override void Delete(string path)
    {
        if (Take(ref _failDelete, path))
            throw new IOException("Input/output error");
        base.Delete(path);
    }

    internal bool TakeWriteFault(string path) => Take(ref _failWrite, path);

    internal bool TakeFlushToDiskFault(string path) => Take(ref _failFlushToDisk, path);

    private static bool Take(ref Func<string, bool>? fault, string path)
    {
        var armed = Volatile.Read(ref fault);
        return armed is not null && armed(path) && Interlocked.CompareExchange(ref fault, null, armed) == armed;
    }
}
