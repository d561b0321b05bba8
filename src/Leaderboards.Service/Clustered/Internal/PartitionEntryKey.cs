namespace Leaderboards.Service.Clustered.Internal;

/// <summary>What the submit script answered for one entry: its key after the write, and whether it changed and improved.</summary>
internal sealed record PartitionEntryKey(string PlayerId, byte[] Key, bool Changed, bool Improved);
