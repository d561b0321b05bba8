using System.Buffers.Binary;
using System.Text;
using Leaderboards.Engine;

namespace Leaderboards.Service.Clustered.Internal;

/// <summary>
/// The pending record of a batch that spans partitions: when it was written (Unix milliseconds, the writing node's
/// clock) and its submissions in order. Persisted in Redis: the layout is fixed (big-endian): created (8), count (4),
/// then per submission id length (2), id (UTF-8), score (8), has subscore (1), subscore (8), has metadata (1),
/// metadata length (4), metadata.
/// </summary>
internal static class BatchCodec
{
    public static byte[] Encode(long createdAt, IReadOnlyList<ScoreSubmission> submissions)
    {
        int size = 12;
        foreach (var s in submissions)
            size += 2 + Encoding.UTF8.GetByteCount(s.PlayerId) + 8 + 9 + 5 + (s.Metadata?.Length ?? 0);
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, createdAt);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], submissions.Count);
        int at = 12;
        foreach (var s in submissions)
        {
            int idBytes = Encoding.UTF8.GetBytes(s.PlayerId, span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)idBytes);
            at += 2 + idBytes;
            BinaryPrimitives.WriteInt64BigEndian(span[at..], s.Score);
            span[at + 8] = s.Subscore is null ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteInt64BigEndian(span[(at + 9)..], s.Subscore ?? 0);
            span[at + 17] = s.Metadata is null ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 18)..], s.Metadata?.Length ?? 0);
            at += 22;
            s.Metadata?.CopyTo(span[at..]);
            at += s.Metadata?.Length ?? 0;
        }

        return buffer;
    }

    public static (long CreatedAt, ScoreSubmission[] Submissions) Decode(ReadOnlySpan<byte> record)
    {
        long createdAt = BinaryPrimitives.ReadInt64BigEndian(record);
        var submissions = new ScoreSubmission[BinaryPrimitives.ReadInt32BigEndian(record[8..])];
        int at = 12;
        for (int i = 0; i < submissions.Length; i++)
        {
            int idBytes = BinaryPrimitives.ReadUInt16BigEndian(record[at..]);
            string id = Encoding.UTF8.GetString(record.Slice(at + 2, idBytes));
            at += 2 + idBytes;
            long score = BinaryPrimitives.ReadInt64BigEndian(record[at..]);
            long? subscore = record[at + 8] == 1 ? BinaryPrimitives.ReadInt64BigEndian(record[(at + 9)..]) : null;
            bool hasMetadata = record[at + 17] == 1;
            int metadataBytes = BinaryPrimitives.ReadInt32BigEndian(record[(at + 18)..]);
            at += 22;
            byte[]? metadata = hasMetadata ? record.Slice(at, metadataBytes).ToArray() : null;
            at += metadataBytes;
            submissions[i] = new ScoreSubmission(id, score, subscore, metadata);
        }

        return (createdAt, submissions);
    }
}
