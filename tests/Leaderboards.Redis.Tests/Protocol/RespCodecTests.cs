using System.Buffers;
using System.Text;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Tests.Protocol;

/// <summary>The codec on its own: every type, written and read back, cut at every byte and spread over segments.</summary>
[Trait("Category", "Redis")]
public sealed class RespCodecTests
{
    /// <summary>Every RESP3 type once, nested, with an attribute: the wire text a server may send.</summary>
    private static readonly byte[] s_everyType = Encoding.UTF8.GetBytes(
        "*15\r\n+OK\r\n-ERR bad\r\n:-42\r\n$5\r\nh\r\nl\0\r\n$-1\r\n*-1\r\n_\r\n,-1.5e3\r\n#t\r\n!3\r\nERR\r\n" +
        "=8\r\ntxt:héj\r\n(123456789012345678901234567890\r\n%1\r\n+k\r\n:9\r\n~2\r\n:1\r\n*1\r\n*0\r\n" +
        "|1\r\n+ttl\r\n:3\r\n>2\r\n+invalidate\r\n$1\r\nk\r\n");

    [Fact]
    public void Scanner_FindsTheEnd_OnlyWhenTheWholeValueArrived()
    {
        for (int cut = 0; cut < s_everyType.Length; cut++)
        {
            var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(s_everyType, 0, cut));
            Assert.False(RespScanner.TrySkipValue(ref partial), $"Complete at {cut} of {s_everyType.Length} bytes.");
        }

        var whole = new SequenceReader<byte>(new ReadOnlySequence<byte>([.. s_everyType, .. "+next\r\n"u8]));
        Assert.True(RespScanner.TrySkipValue(ref whole));
        Assert.Equal(s_everyType.Length, whole.Consumed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Reader_ReadsEveryType_AcrossSegments(int segmentSize)
    {
        ReadOnlySequence<byte> buffer = Segmented(s_everyType, segmentSize);
        var scanner = new SequenceReader<byte>(buffer);
        Assert.True(RespScanner.TrySkipValue(ref scanner));

        var reader = new RespReader(buffer);
        reader.Read();
        Assert.Equal(RespType.Array, reader.Type);
        Assert.Equal(15, reader.ChildCount);
        reader.Read();
        Assert.Equal((RespType.SimpleString, "OK"), (reader.Type, reader.ReadString()));
        reader.Read();
        Assert.True(reader.IsError);
        Assert.Equal("ERR bad", reader.ReadString());
        reader.Read();
        Assert.Equal(-42, reader.ReadInt64());
        reader.Read();
        Assert.Equal("h\r\nl\0", reader.ReadString());
        reader.Read();
        Assert.True(reader.IsNull);
        Assert.Equal(RespType.BulkString, reader.Type);
        reader.Read();
        Assert.True(reader.IsNull);
        Assert.False(reader.IsAggregate);
        reader.Read();
        Assert.Equal(RespType.Null, reader.Type);
        reader.Read();
        Assert.Equal(-1500, reader.ReadDouble());
        reader.Read();
        Assert.True(reader.ReadBoolean());
        reader.Read();
        Assert.Equal((RespType.BlobError, "ERR"), (reader.Type, reader.ReadString()));
        reader.Read();
        Assert.Equal(("txt", "héj"), (reader.VerbatimFormat, reader.ReadString()));
        reader.Read();
        Assert.Equal((RespType.BigNumber, "123456789012345678901234567890"), (reader.Type, reader.ReadString()));
        reader.Read();
        Assert.Equal((RespType.Map, 2L), (reader.Type, reader.ChildCount));
        reader.SkipChildren();
        reader.Read();
        Assert.Equal((RespType.Set, 2L), (reader.Type, reader.ChildCount));
        reader.Read();
        Assert.Equal(1, reader.ReadInt64());
        reader.Read();
        reader.Read();
        Assert.Equal((RespType.Array, 0L), (reader.Type, reader.ChildCount));

        // The attribute is skipped: the next value is the push it annotates.
        reader.Read();
        Assert.Equal((RespType.Push, 2L), (reader.Type, reader.ChildCount));
        reader.Read();
        Assert.True(reader.ValueEquals("invalidate"u8));
        reader.Read();
        Assert.Equal("k", reader.ReadString());
        Assert.False(reader.TryRead());
    }

    [Fact]
    public void Writer_WritesEveryType_TheReaderReadsBack()
    {
        var output = new ArrayBufferWriter<byte>();
        RespWriter.WritePushHeader(output, 1);
        RespWriter.WriteArrayHeader(output, 13);
        RespWriter.WriteSimpleString(output, "OK");
        RespWriter.WriteError(output, "ERR no");
        RespWriter.WriteInteger(output, long.MinValue);
        RespWriter.WriteBulkString(output, "ünïcode");
        RespWriter.WriteBulkString(output, 12345L);
        RespWriter.WriteBulkString(output, double.NegativeInfinity);
        RespWriter.WriteNullBulkString(output);
        RespWriter.WriteNull(output);
        RespWriter.WriteDouble(output, 0.1);
        RespWriter.WriteBoolean(output, false);
        RespWriter.WriteBigNumber(output, "-99999999999999999999");
        RespWriter.WriteVerbatimString(output, "mkd", "# title");
        RespWriter.WriteMapHeader(output, 1);
        RespWriter.WriteBulkString(output, "k"u8);
        RespWriter.WriteSetHeader(output, 0);

        var reader = new RespReader(new ReadOnlySequence<byte>(output.WrittenMemory));
        reader.Read();
        reader.Read();
        Assert.Equal(13, reader.ChildCount);
        reader.Read();
        Assert.Equal("OK", reader.ReadString());
        reader.Read();
        Assert.Equal("ERR no", reader.ReadString());
        reader.Read();
        Assert.Equal(long.MinValue, reader.ReadInt64());
        reader.Read();
        Assert.Equal("ünïcode", reader.ReadString());
        reader.Read();
        Assert.Equal(12345, reader.ReadInt64());
        reader.Read();
        Assert.Equal(double.NegativeInfinity, reader.ReadDouble());
        reader.Read();
        Assert.True(reader.IsNull);
        reader.Read();
        Assert.True(reader.IsNull);
        reader.Read();
        Assert.Equal(0.1, reader.ReadDouble());
        reader.Read();
        Assert.False(reader.ReadBoolean());
        reader.Read();
        Assert.Equal("-99999999999999999999", reader.ReadString());
        reader.Read();
        Assert.Equal(("mkd", "# title"), (reader.VerbatimFormat, reader.ReadString()));
        reader.Read();
        Assert.Equal(RespType.Map, reader.Type);
        reader.Read();
        Assert.Equal("k", reader.ReadString());
        reader.Read();
        Assert.Equal((RespType.Set, 0L), (reader.Type, reader.ChildCount));
        Assert.False(reader.TryRead());
        Assert.Throws<ArgumentException>(() => RespWriter.WriteSimpleString(output, "two\r\nlines"));
    }

    [Theory]
    [InlineData("?1\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$abc\r\n")]
    [InlineData(":1\n")]
    [InlineData("$3\r\nabcXY")]
    public void MalformedInput_IsAProtocolError(string wire)
    {
        Assert.Throws<RespProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));
            RespScanner.TrySkipValue(ref reader);
        });
    }

    [Fact]
    public void DeepNesting_IsScannedWithoutRecursion()
    {
        var wire = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            wire.Append("*1\r\n");
        }

        wire.Append(":7\r\n");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire.ToString())));
        Assert.True(RespScanner.TrySkipValue(ref reader));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void HashSlot_MatchesRedisClusterSpecification()
    {
        // Values from the Redis Cluster specification (CRC16 of "123456789" is 0x31C3) and CLUSTER KEYSLOT.
        Assert.Equal(0x31C3, HashSlot.Compute("123456789"));
        Assert.Equal(12182, HashSlot.Compute("foo"));
        Assert.Equal(HashSlot.Compute("user1000"), HashSlot.Compute("{user1000}.following"));
        Assert.Equal(HashSlot.Compute("bar"), HashSlot.Compute("foo{bar}{zap}"));
        Assert.Equal(HashSlot.Compute("{bar"), HashSlot.Compute("foo{{bar}}zap"));
        Assert.Equal(HashSlot.Compute("foo{}{bar}"u8), HashSlot.Compute("foo{}{bar}"));
    }

    /// <summary>The bytes as a chain of segments of <paramref name="size"/> bytes.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (int offset = 0; offset < bytes.Length; offset += size)
        {
            var segment = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), offset);
            first ??= segment;
            last?.SetNext(segment);
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
