namespace Leaderboards.Service.Durability;

/// <summary>The resolved data directory; created on first use.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
}
