namespace Leaderboards.Storage.Internal;

/// <summary>
/// The file operations of the log and of snapshots that can fail on a full disk, behind one seam so a test can fail
/// them (or count them) deterministically: creating a file to write, syncing a directory, and deleting what a failed
/// write left behind. This one does them for real.
/// </summary>
internal class FileOperations
{
    public static FileOperations Real { get; } = new();

    public virtual FileStream Create(string path, FileStreamOptions options) => new(path, options);

    public virtual void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    public virtual void Delete(string path) => File.Delete(path);
}
