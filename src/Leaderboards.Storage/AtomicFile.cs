using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage;

/// <summary>
/// Replaces a file so that a crash leaves either the old or the new content, never a mix, and once this completes the
/// new content survives a crash. A write that fails leaves the old content and no temporary file.
/// </summary>
public static class AtomicFile
{
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null, CancellationToken cancellationToken = default) =>
        WriteAsync(path, content, mode, FileOperations.Real, cancellationToken);

    internal static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode, FileOperations files, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
            options.UnixCreateMode = unixMode;
        try
        {
            await using (var stream = files.Create(temporary, options))
            {
                await stream.WriteAsync(content, cancellationToken);
                // Flush to the disk before the rename makes the new content visible.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(files, temporary);
            throw;
        }
        // The rename is durable only once the directory holding the name is.
        files.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static void TryDelete(FileOperations files, string path)
    {
        try
        {
            files.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own failure is the one to report; a stale temporary file is replaced by the next write.
        }
    }
}
