using System.Globalization;
using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage;

/// <summary>
/// <c>repair FILE OFFSET</c>: the operator's answer to a damaged log segment or snapshot, named with its offset by the
/// refusal to start. A copy of the file is kept; a log segment is cut at the offset (the records before it stay), a
/// snapshot is set aside whole (start-up then uses the previous snapshot and the log after it).
/// </summary>
public static class RepairCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 3 || !long.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
        {
            error.WriteLine("usage: Leaderboards.Server repair FILE OFFSET   (both as printed when the server refused to start)");
            return 2;
        }
        string path = Path.GetFullPath(args[1]);
        if (!File.Exists(path))
        {
            error.WriteLine($"repair: {path} does not exist");
            return 1;
        }
        string copy = $"{path}.damaged-{DateTime.UtcNow:yyyyMMddHHmmss}";
        File.Copy(path, copy);
        if (path.EndsWith(".lbsnap", StringComparison.Ordinal))
        {
            File.Move(path, path + ".set-aside");
            output.WriteLine($"Set the snapshot aside as {path}.set-aside (copy kept as {copy}). Start-up now uses the previous snapshot and the log after it.");
            return 0;
        }
        long length = new FileInfo(path).Length;
        if (offset > length)
        {
            error.WriteLine($"repair: offset {offset} is past the end of {path} ({length} bytes)");
            return 1;
        }
        if (offset < RecordFile.HeaderBytes)
        {
            File.Delete(path);
            output.WriteLine($"Removed {path}: its header was damaged (copy kept as {copy}).");
            return 0;
        }
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }
        output.WriteLine($"Cut {path} at byte {offset}, dropping {length - offset} bytes (copy kept as {copy}). The records after that point are lost.");
        return 0;
    }
}
