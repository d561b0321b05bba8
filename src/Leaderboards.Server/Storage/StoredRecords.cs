using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leaderboards.Server.Storage;

/// <summary>keys.json: the API keys, secrets hashed.</summary>
internal sealed record StoredKeys(int Version, List<StoredKey> Keys);

internal sealed record StoredKey(string Id, string Name, int Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod, string Sha256);

/// <summary>boards.json: every board's definition.</summary>
internal sealed record StoredBoards(int Version, List<StoredBoard> Boards);

internal sealed record StoredBoard(
    string Id,
    string DisplayName,
    bool PublicRead,
    DateTimeOffset CreatedAt,
    int Order,
    int UpdatePolicy,
    int RankMode,
    long? MinScore,
    long? MaxScore,
    int Partitions,
    int Replicas);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(StoredKeys))]
[JsonSerializable(typeof(StoredBoards))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
