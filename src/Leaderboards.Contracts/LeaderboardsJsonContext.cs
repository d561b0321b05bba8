using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leaderboards.Contracts;

/// <summary>
/// Source-generated serializers for every request and response. Requests refuse unknown fields, so a misspelt field is a
/// 400 naming it rather than a silently ignored value.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(BoardRequest))]
[JsonSerializable(typeof(BoardResponse))]
[JsonSerializable(typeof(BoardsResponse))]
[JsonSerializable(typeof(SeasonsResponse))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreBatchRequest))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(ScoreBatchResponse))]
[JsonSerializable(typeof(MultiScoreRequest))]
[JsonSerializable(typeof(MultiScoreResponse))]
[JsonSerializable(typeof(TopResponse))]
[JsonSerializable(typeof(PageResponse))]
[JsonSerializable(typeof(PlayerResponse))]
[JsonSerializable(typeof(AroundResponse))]
[JsonSerializable(typeof(PlayersQueryRequest))]
[JsonSerializable(typeof(PlayersQueryResponse))]
[JsonSerializable(typeof(CountResponse))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKeyResponse))]
[JsonSerializable(typeof(KeysResponse))]
[JsonSerializable(typeof(ErasedPlayerResponse))]
[JsonSerializable(typeof(SnapshotsResponse))]
[JsonSerializable(typeof(SnapshotResponse))]
[JsonSerializable(typeof(ImportResponse))]
[JsonSerializable(typeof(ImportLine))]
[JsonSerializable(typeof(TopChangedMessage))]
[JsonSerializable(typeof(RankChangedMessage))]
[JsonSerializable(typeof(SubscriptionEndedMessage))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
public sealed partial class LeaderboardsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same serializers for a client of the API. Request fields left null are left out of the body (the server
    /// reads a missing field and a null one alike), and response fields this build does not know are skipped, so a
    /// client keeps working against a newer server that answers with more.
    /// </summary>
    // Made on first use, not in a static initializer: the generated Default is not yet set while those run.
    public static LeaderboardsJsonContext Client => field ??= new(new JsonSerializerOptions(Default.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    });
}
