using System.Text.Json;
using Leaderboards.Engine;
using Leaderboards.Server.Boards;

namespace Leaderboards.Server.Storage;

/// <summary>boards.json: the definition of every board, rewritten whole on each change (boards change rarely).</summary>
internal sealed class BoardDefinitionStore(string dataDir)
{
    private const int FormatVersion = 1;
    private readonly string _path = Path.Combine(dataDir, "boards.json");

    public IReadOnlyList<(string Id, BoardOptions Options, BoardSettings Settings)> Load()
    {
        if (!File.Exists(_path))
            return [];
        var stored = JsonSerializer.Deserialize(File.ReadAllBytes(_path), StorageJsonContext.Default.StoredBoards)
            ?? throw new InvalidDataException($"{_path} is empty.");
        return [.. stored.Boards.Select(b => (
            b.Id,
            new BoardOptions
            {
                Order = (SortOrder)b.Order,
                UpdatePolicy = (UpdatePolicy)b.UpdatePolicy,
                RankMode = (RankMode)b.RankMode,
                MinScore = b.MinScore,
                MaxScore = b.MaxScore,
                Partitions = b.Partitions,
                Replicas = b.Replicas,
            },
            new BoardSettings(b.DisplayName, b.PublicRead, b.CreatedAt)))];
    }

    public Task SaveAsync(IEnumerable<BoardHandle> boards, CancellationToken cancellationToken)
    {
        var stored = new StoredBoards(FormatVersion, [.. boards.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => new StoredBoard(
            b.Id,
            b.Settings.DisplayName,
            b.Settings.PublicRead,
            b.Settings.CreatedAt,
            (int)b.Board.Options.Order,
            (int)b.Board.Options.UpdatePolicy,
            (int)b.Board.Options.RankMode,
            b.Board.Options.MinScore,
            b.Board.Options.MaxScore,
            b.Board.Options.Partitions,
            b.ReplicaCount))]);
        return AtomicFile.WriteAsync(_path, JsonSerializer.SerializeToUtf8Bytes(stored, StorageJsonContext.Default.StoredBoards), cancellationToken: cancellationToken);
    }
}
