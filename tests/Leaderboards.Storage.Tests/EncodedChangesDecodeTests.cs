using System.Buffers.Binary;
using System.Text;
using Leaderboards.Engine;
using Leaderboards.Engine.Partitions;
using Leaderboards.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leaderboards.Storage.Tests;

/// <summary>
/// Changes decode into <see cref="EncodedChanges"/> with the ids' UTF-8 as written: read as a list they are the
/// changes that were written, an id that is not valid UTF-8 becomes what reading it as a string gave, and an id no
/// partition could hold is damage reported with the file and the offset.
/// </summary>
public sealed class EncodedChangesDecodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lb-encoded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Changes_DecodeIntoColumns_WithTheIdsUtf8AsWritten()
    {
        var changes = new[]
        {
            new ScoreChange(7, ChangeKind.Upsert, "ålesund-玩家", -3, 4, 5, [1, 2]),
            new ScoreChange(8, ChangeKind.Remove, "bob", 0, 0, 0, null),
            new ScoreChange(9, ChangeKind.Clear, "", 0, 0, 0, null),
        };
        var decoded = Assert.IsType<ScoreBatchRecord>(RecordFrames.Decode(RecordCodec.Frame(new ScoreBatchRecord("b", 1, new ChangeBatch(0, 1, changes)))));
        var encoded = Assert.IsType<EncodedChanges>(decoded.Batch.Changes);
        Assert.Equal(Encoding.UTF8.GetBytes("ålesund-玩家"), encoded.PlayerId(0).ToArray());
        Assert.Equal([7L, 8L, 9L], Enumerable.Range(0, 3).Select(encoded.Sequence));
        Assert.Equal([1, 2], encoded.Metadata(0));
        Assert.Equal(changes.Select(c => c with { Metadata = null }), encoded.Select(c => c with { Metadata = null }));
    }

    [Fact]
    public void AnIdThatIsNotUtf8_DecodesAsReadingItAsAStringDid()
    {
        byte[] frame = RecordCodec.Frame(new EntriesChunk([new ScoreChange(0, ChangeKind.Upsert, "b-o-b", 1, 0, 2, null)]));
        int at = frame.AsSpan().IndexOf("b-o-b"u8);
        frame[at + 2] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Checksum.Crc32C(frame.AsSpan(RecordCodec.FrameHeaderBytes)));
        var written = frame.AsSpan(at, 5).ToArray();

        var encoded = Assert.IsType<EncodedChanges>(Assert.IsType<EntriesChunk>(RecordFrames.Decode(frame)).Entries);
        string asString = Encoding.UTF8.GetString(written);
        Assert.Equal(Encoding.UTF8.GetBytes(asString), encoded.PlayerId(0).ToArray());
        Assert.Equal(asString, encoded[0].PlayerId);
    }

    [Fact]
    public async Task AnIdTooLongForAnyPartition_IsDamage_NamingFileAndOffset()
    {
        await using (var files = new DataFiles(_dir, new PersistenceOptions { Fsync = FsyncPolicy.No }, NullLogger.Instance))
        {
            files.OpenLog(0);
            await files.AppendAsync(new KeyRevoked("first"));
            await files.AppendAsync(new ScoreBatchRecord("b", 1, new ChangeBatch(0, 1,
                [new ScoreChange(1, ChangeKind.Upsert, new string('x', Engine.PlayerIds.EncodeBufferBytes + 1), 1, 0, 1, null)])));
        }

        await using var reopened = new DataFiles(_dir, new PersistenceOptions(), NullLogger.Instance);
        var error = Assert.Throws<PersistenceCorruptException>(() => reopened.ReadLog(0).ToList());
        string segment = Assert.Single(Directory.GetFiles(Path.Combine(_dir, "log"), "*.lblog"));
        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        // The second record starts after the header and the first record's frame.
        long second = RecordFile.HeaderBytes + RecordCodec.Frame(new KeyRevoked("first")).Length;
        Assert.Equal(second, error.Offset);
    }
}
