using System.Text.Json.Serialization;
using Leaderboards.Contracts.Internal;

namespace Leaderboards.Contracts;

/// <summary>One ranked entry; ranks are 1-based.</summary>
public sealed record EntryResponse(
    long Rank,
    string PlayerId,
    long Score,
    long Subscore,
    DateTimeOffset UpdatedAt,
    [property: JsonConverter(typeof(RawJsonConverter))] byte[]? Metadata);

public sealed record TopResponse(long Total, IReadOnlyList<EntryResponse> Entries);

public sealed record PageResponse(long Total, long Offset, IReadOnlyList<EntryResponse> Entries);

/// <summary>A player's standing; percentile is the share of players ranked at or below them (100 for the leader).</summary>
public sealed record PlayerResponse(
    string PlayerId,
    long Rank,
    long Score,
    long Subscore,
    double Percentile,
    long Total,
    DateTimeOffset UpdatedAt,
    [property: JsonConverter(typeof(RawJsonConverter))] byte[]? Metadata);

/// <summary>The player and the entries ranked just above and below, in rank order (the player included).</summary>
public sealed record AroundResponse(PlayerResponse Player, IReadOnlyList<EntryResponse> Entries);

/// <summary>Up to 1,000 player ids, for example a friends list.</summary>
public sealed class PlayersQueryRequest
{
    public List<string?>? PlayerIds { get; set; }
}

/// <summary>The players that have an entry, in rank order.</summary>
public sealed record PlayersQueryResponse(long Total, IReadOnlyList<EntryResponse> Entries);

public sealed record CountResponse(long Count, long? Min, long? Max);
