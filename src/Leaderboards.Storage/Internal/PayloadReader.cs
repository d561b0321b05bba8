using System.Buffers.Binary;
using System.Text;

namespace Leaderboards.Storage.Internal;

/// <summary>Reads what <see cref="PayloadWriter"/> wrote; running past the end is an <see cref="InvalidDataException"/>.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly bool AtEnd => _position == _payload.Length;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() != 0;

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long? OptionalInt64() => Bool() ? Int64() : null;

    public int? OptionalInt32() => Bool() ? Int32() : null;

    public string String()
    {
        int length = Int32();
        if (length < 0)
            throw new InvalidDataException("A string has a negative length.");
        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A string's UTF-8 bytes as written, without making the string.</summary>
    public ReadOnlySpan<byte> Utf8String()
    {
        int length = Int32();
        if (length < 0)
            throw new InvalidDataException("A string has a negative length.");
        return Take(length);
    }

    public byte[]? Bytes()
    {
        int length = Int32();
        return length switch
        {
            -1 => null,
            < -1 => throw new InvalidDataException("A byte array has a negative length."),
            _ => Take(length).ToArray(),
        };
    }

    public ReadOnlySpan<byte> Raw(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _payload.Length - _position)
            throw new InvalidDataException("A record is shorter than its fields.");
        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}
