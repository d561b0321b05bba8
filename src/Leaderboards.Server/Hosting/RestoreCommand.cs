using Leaderboards.Storage;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// <c>restore SNAPSHOT_FILE [--data-dir DIR]</c>, with the server stopped: the data directory's log and snapshots are moved
/// aside into <c>replaced-TIMESTAMP/</c> and the snapshot becomes the only one, so the next start loads exactly it.
/// </summary>
internal static class RestoreCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? dataDir = Environment.GetEnvironmentVariable("LEADERBOARDS_DATA_DIR") is { Length: > 0 } fromEnv ? fromEnv : "data";
        string? snapshot = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--data-dir" && i + 1 < args.Length)
                dataDir = args[++i];
            else if (snapshot is null && !args[i].StartsWith("--", StringComparison.Ordinal))
                snapshot = args[i];
            else
                return Usage(error, $"unexpected argument '{args[i]}'");
        }
        if (snapshot is null)
            return Usage(error, "the snapshot file is missing");
        snapshot = Path.GetFullPath(snapshot);
        if (!File.Exists(snapshot) || !snapshot.EndsWith(".lbsnap", StringComparison.Ordinal))
            return Fail(error, $"{snapshot} is not a snapshot file (*.lbsnap)");
        try
        {
            DataFiles.Validate(snapshot);
        }
        catch (PersistenceCorruptException e)
        {
            return Fail(error, e.Message);
        }

        dataDir = Path.GetFullPath(dataDir);
        string aside = Path.Combine(dataDir, $"replaced-{DateTime.UtcNow:yyyyMMddHHmmss}");
        string copy = Path.Combine(Path.GetTempPath(), Path.GetFileName(snapshot) + "." + Guid.NewGuid().ToString("N"));
        File.Copy(snapshot, copy); // the snapshot may itself live in the folder being moved aside
        Directory.CreateDirectory(aside);
        foreach (string folder in new[] { "log", "snapshots" })
        {
            string path = Path.Combine(dataDir, folder);
            if (Directory.Exists(path))
                Directory.Move(path, Path.Combine(aside, folder));
        }
        Directory.CreateDirectory(Path.Combine(dataDir, "snapshots"));
        File.Move(copy, Path.Combine(dataDir, "snapshots", Path.GetFileName(snapshot)));
        output.WriteLine($"Restored {Path.GetFileName(snapshot)} into {dataDir}; the previous log and snapshots are in {aside}. Start the server to load it.");
        return 0;
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"restore: {problem}");
        error.WriteLine("usage: Leaderboards.Server restore SNAPSHOT_FILE [--data-dir DIR]   (with the server stopped)");
        return 2;
    }

    private static int Fail(TextWriter error, string problem)
    {
        error.WriteLine("restore: " + problem);
        return 1;
    }
}
