namespace Leaderboards.Contracts;

/// <summary>What an NDJSON import did.</summary>
public sealed record ImportResponse(long Imported, long Lines, double ElapsedMs);

/// <summary>One NDJSON import line: a score, plus the fields an export writes.</summary>
public sealed class ImportLine
{
    public string? PlayerId { get; set; }

    public long? Score { get; set; }

    public long? Subscore { get; set; }

    /// <summary>Written by exports; accepted and not applied: imported entries take the import's time.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    [System.Text.Json.Serialization.JsonConverter(typeof(Internal.RawJsonConverter))]
    public byte[]? Metadata { get; set; }
}
