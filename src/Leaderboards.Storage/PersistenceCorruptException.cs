namespace Leaderboards.Storage;

/// <summary>Stored data failed its checksum or could not be decoded. The server refuses to start rather than drop data.</summary>
public sealed class PersistenceCorruptException(string path, long offset, string problem)
    : Exception($"{path} is damaged at byte {offset}: {problem}. Nothing was loaded. To cut the file at that point (keeping a copy of the original), run: " +
        $"dotnet run --project src/Leaderboards.Server -- repair \"{path}\" {offset}")
{
    public string Path { get; } = path;

    public long Offset { get; } = offset;
}
