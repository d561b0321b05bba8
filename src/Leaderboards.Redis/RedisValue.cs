using System.Buffers;
using System.Text;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis;

/// <summary>
/// One command argument: text (sent as UTF-8), an integer, a double or bytes. Converts implicitly from each, and
/// is written to the wire without an intermediate string or array.
/// </summary>
public readonly struct RedisValue
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _text;
    private readonly long _number;
    private readonly Kind _kind;

    private RedisValue(Kind kind, string? text, long number, ReadOnlyMemory<byte> bytes)
    {
        _kind = kind;
        _text = text;
        _number = number;
        _bytes = bytes;
    }

    private enum Kind : byte
    {
        Empty,
        Text,
        Integer,
        Double,
        Bytes,
    }

    /// <summary>Text, sent as its UTF-8 bytes.</summary>
    public static implicit operator RedisValue(string value) => new(Kind.Text, value ?? throw new ArgumentNullException(nameof(value)), 0, default);

    /// <summary>An integer, sent as its decimal text.</summary>
    public static implicit operator RedisValue(long value) => new(Kind.Integer, null, value, default);

    /// <summary>An integer, sent as its decimal text.</summary>
    public static implicit operator RedisValue(int value) => new(Kind.Integer, null, value, default);

    /// <summary>A double, sent in the form Redis parses (<c>inf</c> and <c>-inf</c> included).</summary>
    public static implicit operator RedisValue(double value) => new(Kind.Double, null, BitConverter.DoubleToInt64Bits(value), default);

    /// <summary>Bytes, sent as they are.</summary>
    public static implicit operator RedisValue(byte[] value) => new(Kind.Bytes, null, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Bytes, sent as they are; the memory must stay unchanged until the command completes.</summary>
    public static implicit operator RedisValue(ReadOnlyMemory<byte> value) => new(Kind.Bytes, null, 0, value);

    /// <summary>Writes the value as a RESP bulk string.</summary>
    internal void WriteTo(IBufferWriter<byte> output)
    {
        switch (_kind)
        {
            case Kind.Text:
                RespWriter.WriteBulkString(output, _text!);
                break;
            case Kind.Integer:
                RespWriter.WriteBulkString(output, _number);
                break;
            case Kind.Double:
                RespWriter.WriteBulkString(output, BitConverter.Int64BitsToDouble(_number));
                break;
            default:
                RespWriter.WriteBulkString(output, _bytes.Span);
                break;
        }
    }

    /// <summary>The bytes this value is sent as, for hashing a key to its slot.</summary>
    internal int CopyBytes(Span<byte> destination, out byte[]? rented)
    {
        rented = null;
        switch (_kind)
        {
            case Kind.Text:
                int count = Encoding.UTF8.GetByteCount(_text!);
                if (count > destination.Length)
                {
                    rented = ArrayPool<byte>.Shared.Rent(count);
                    destination = rented;
                }

                return Encoding.UTF8.GetBytes(_text!, destination);
            case Kind.Bytes:
                if (_bytes.Length > destination.Length)
                {
                    rented = ArrayPool<byte>.Shared.Rent(_bytes.Length);
                    destination = rented;
                }

                _bytes.Span.CopyTo(destination);
                return _bytes.Length;
            default:
                string text = ToString();
                return Encoding.ASCII.GetBytes(text, destination);
        }
    }

    /// <summary>The value as text (bytes decoded as UTF-8).</summary>
    public override string ToString() => _kind switch
    {
        Kind.Text => _text!,
        Kind.Integer => _number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Double => Encoding.ASCII.GetString(RespWriter.FormatDouble(BitConverter.Int64BitsToDouble(_number), stackalloc byte[32])),
        Kind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        _ => string.Empty,
    };
}
