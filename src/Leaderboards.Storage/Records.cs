using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Server.Security;

namespace Leaderboards.Server.Persistence;

/// <summary>A board's whole definition. <see cref="Incarnation"/> tells a re-created board (same id) from the old one.</summary>
public sealed record BoardDefinition(string Id, ulong Incarnation, string DisplayName, bool PublicRead, DateTimeOffset CreatedAt, BoardOptions Options)
{
    public Boards.SeasonReset Reset { get; init; } = Boards.SeasonReset.None;

    public TimeSpan? EntryTtl { get; init; }
}

/// <summary>A board's new season began: its own engine board, under its own incarnation.</summary>
public sealed record SeasonStarted(string BoardId, ulong BoardIncarnation, string SeasonId, ulong SeasonIncarnation, DateTimeOffset Start, DateTimeOffset? End);

public sealed record BoardDeleted(string Id, ulong Incarnation);

public sealed record KeyRevoked(string Id);

/// <summary>One partition's apply round, as the log keeps it.</summary>
public sealed record ScoreBatchRecord(string BoardId, ulong Incarnation, ChangeBatch Batch);

public sealed record SnapshotBegin(long ReplayFromSegment, DateTimeOffset CreatedAt);

public sealed record PartitionBegin(string BoardId, ulong Incarnation, int Partition, long Sequence);

public sealed record SnapshotEnd(long Records, long Entries);

/// <summary>One decoded record; exactly one of the payload properties is set, as <see cref="Type"/> says.</summary>
public sealed record Record(RecordType Type, object Payload)
{
    public T As<T>() where T : class => Payload as T ?? throw new InvalidDataException($"A {Type} record holds {Payload.GetType().Name}.");
}

/// <summary>API key as persisted.</summary>
public sealed record StoredApiKey(string Id, string Name, ApiRole Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod, KeyHash Hash);
