namespace Leaderboards.Service.Clustered.Internal;

/// <summary>One entry of a partition's range reply: its member (key and id) and its hash value (key and metadata).</summary>
internal readonly record struct RangeEntry(byte[] Member, byte[] Stored);
