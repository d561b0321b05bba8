using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Leaderboards.Storage.Internal;

/// <summary>Little-endian fields into a growing buffer; strings and byte arrays are length-prefixed.</summary>
internal sealed class PayloadWriter(int initialCapacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public int Length => _buffer.WrittenCount;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void OptionalInt64(long? value)
    {
        Bool(value.HasValue);
        if (value is { } v)
            Int64(v);
    }

    public void OptionalInt32(int? value)
    {
        Bool(value.HasValue);
        if (value is { } v)
            Int32(v);
    }

    public void String(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Int32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>Null is written as length -1.</summary>
    public void Bytes(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            Int32(-1);
            return;
        }
        Int32(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    public void Raw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill in later (a frame header before its payload is known).</summary>
    public int Reserve(int count)
    {
        int at = _buffer.WrittenCount;
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
        return at;
    }

    public Span<byte> Written(int start, int count) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span.Slice(start, count);
}
