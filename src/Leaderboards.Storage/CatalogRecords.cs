using Leaderboards.Engine;

namespace Leaderboards.Storage;

/// <summary>A board's whole definition. <see cref="Incarnation"/> tells a re-created board (same id) from the old one.</summary>
public sealed record BoardDefinition(string Id, ulong Incarnation, string DisplayName, bool PublicRead, DateTimeOffset CreatedAt, BoardOptions Options)
    : StorageRecord
{
    public SeasonReset Reset { get; init; } = SeasonReset.None;

    public TimeSpan? EntryTtl { get; init; }

    public override RecordType Type => RecordType.BoardPut;
}

/// <summary>A board's new season began: its own engine board, under its own incarnation.</summary>
public sealed record SeasonStarted(string BoardId, ulong BoardIncarnation, string SeasonId, ulong SeasonIncarnation, DateTimeOffset Start, DateTimeOffset? End)
    : StorageRecord
{
    public override RecordType Type => RecordType.SeasonStart;
}

/// <summary>A board and its entries were deleted.</summary>
public sealed record BoardDeleted(string Id, ulong Incarnation) : StorageRecord
{
    public override RecordType Type => RecordType.BoardDelete;
}

/// <summary>
/// An API key as persisted: never its secret, only the four 64-bit words of its SHA-256. <see cref="Role"/> is the
/// role's persisted value.
/// </summary>
public sealed record StoredApiKey(string Id, string Name, int Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod, ulong HashA, ulong HashB, ulong HashC, ulong HashD)
    : StorageRecord
{
    public override RecordType Type => RecordType.KeyPut;
}

/// <summary>An API key was revoked.</summary>
public sealed record KeyRevoked(string Id) : StorageRecord
{
    public override RecordType Type => RecordType.KeyRevoke;
}
