using System.Text.Json.Serialization;
using Leaderboards.Contracts.Internal;

namespace Leaderboards.Contracts;

/// <summary>One score for one player.</summary>
public sealed class ScoreRequest
{
    public string? PlayerId { get; set; }

    /// <summary>An int64, sent as a JSON number.</summary>
    public long? Score { get; set; }

    /// <summary>Breaks ties on equal scores; sorts the same way as the score. Default 0.</summary>
    public long? Subscore { get; set; }

    /// <summary>A JSON object of at most 1 KiB, kept with the entry.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public byte[]? Metadata { get; set; }
}

/// <summary>Up to 10,000 scores, applied only if every one is valid.</summary>
public sealed class ScoreBatchRequest
{
    public List<ScoreRequest?>? Entries { get; set; }
}

public sealed record SubmitResponse(string PlayerId, long Score, long Subscore, long Rank, long? PreviousRank, bool Improved)
{
    /// <summary>The season the score went into ("all" on a board without seasons).</summary>
    public string? Season { get; init; }
}

public sealed record ScoreBatchResponse(int Count, IReadOnlyList<SubmitResponse> Entries);

/// <summary>One score for several boards.</summary>
public sealed class MultiScoreRequest
{
    public string? PlayerId { get; set; }

    public long? Score { get; set; }

    public long? Subscore { get; set; }

    [JsonConverter(typeof(RawJsonConverter))]
    public byte[]? Metadata { get; set; }

    /// <summary>The boards to submit to (1..20).</summary>
    public List<string?>? Boards { get; set; }
}

public sealed record BoardSubmitResponse(string BoardId, string Season, long Score, long Subscore, long Rank, long? PreviousRank, bool Improved);

public sealed record MultiScoreResponse(string PlayerId, IReadOnlyList<BoardSubmitResponse> Boards);
