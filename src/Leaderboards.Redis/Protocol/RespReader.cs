using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Leaderboards.Redis.Protocol;

/// <summary>
/// Walks RESP values in pre-order over a buffer that holds them completely (see <see cref="RespScanner"/>):
/// each <see cref="Read"/> moves to the next value, an aggregate's header first and then its children.
/// Scalars are read in place; nothing is allocated unless a caller asks for a string or an array.
/// Attributes (RESP3 <c>|</c>) are skipped: they annotate values and never change what a value means.
/// </summary>
public ref struct RespReader
{
    private SequenceReader<byte> _reader;
    private ReadOnlySpan<byte> _line;
    private ReadOnlySequence<byte> _bulk;

    /// <summary>Creates a reader over complete RESP values.</summary>
    public RespReader(ReadOnlySequence<byte> buffer)
    {
        _reader = new SequenceReader<byte>(buffer);
        _line = default;
        _bulk = default;
        Type = RespType.None;
        Length = 0;
    }

    /// <summary>The type of the current value.</summary>
    public RespType Type { get; private set; }

    /// <summary>
    /// For bulk types the payload length; for arrays, sets and pushes the element count; for maps the pair
    /// count. -1 for RESP2's null bulk string and null array. 0 for other scalars.
    /// </summary>
    public long Length { get; private set; }

    /// <summary>The position just after the current value's header (or whole value, for scalars).</summary>
    public readonly SequencePosition Position => _reader.Position;

    /// <summary>True for RESP3 null, RESP2 null bulk string and RESP2 null array.</summary>
    public readonly bool IsNull => Type == RespType.Null || Length == -1;

    /// <summary>True for simple and blob errors.</summary>
    public readonly bool IsError => Type is RespType.Error or RespType.BlobError;

    /// <summary>True for arrays, sets, maps and pushes (not for their RESP2 null form).</summary>
    public readonly bool IsAggregate => Type is RespType.Array or RespType.Set or RespType.Map or RespType.Push && Length >= 0;

    /// <summary>How many values follow as the current aggregate's children (a map's pairs count twice).</summary>
    public readonly long ChildCount => !IsAggregate ? 0 : Type == RespType.Map ? 2 * Length : Length;

    /// <summary>Moves to the next value; false at the end of the buffer.</summary>
    /// <exception cref="RespProtocolException">The bytes are not RESP, or the value is cut off.</exception>
    public bool TryRead()
    {
        while (true)
        {
            if (_reader.End)
            {
                Type = RespType.None;
                return false;
            }

            _reader.TryRead(out byte prefix);
            if (!RespScanner.TryReadLine(ref _reader, out _line))
            {
                throw Truncated();
            }

            Type = (RespType)prefix;
            Length = 0;
            _bulk = default;
            switch (Type)
            {
                case RespType.SimpleString or RespType.Error or RespType.Integer or RespType.Null
                    or RespType.Double or RespType.Boolean or RespType.BigNumber:
                    return true;
                case RespType.BulkString or RespType.BlobError or RespType.VerbatimString:
                    Length = RespScanner.ParseLength(_line, prefix);
                    _line = default;
                    if (Length >= 0)
                    {
                        if (_reader.Remaining < Length + 2)
                        {
                            throw Truncated();
                        }

                        _bulk = _reader.UnreadSequence.Slice(0, Length);
                        _reader.Advance(Length);
                        RespScanner.ExpectCrLf(ref _reader);
                    }

                    return true;
                case RespType.Array or RespType.Set or RespType.Push or RespType.Map:
                    Length = RespScanner.ParseLength(_line, prefix);
                    _line = default;
                    return true;
                case RespType.Attribute:
                    long pairs = RespScanner.ParseLength(_line, prefix);
                    if (!RespScanner.TrySkipValues(ref _reader, 2 * pairs))
                    {
                        throw Truncated();
                    }

                    continue;
                default:
                    throw new RespProtocolException($"Unknown RESP type byte 0x{prefix:x2}.");
            }
        }
    }

    /// <summary>Moves to the next value, which must exist.</summary>
    /// <exception cref="RespProtocolException">There is no next value.</exception>
    public void Read()
    {
        if (!TryRead())
        {
            throw Truncated();
        }
    }

    /// <summary>Skips the children of the current aggregate, leaving the reader on its last descendant.</summary>
    public void SkipChildren()
    {
        if (ChildCount > 0 && !RespScanner.TrySkipValues(ref _reader, ChildCount))
        {
            throw Truncated();
        }
    }

    /// <summary>Skips the rest of the current value: its children if it is an aggregate.</summary>
    public void Skip() => SkipChildren();

    /// <summary>The verbatim string's three-letter format (<c>txt</c>, <c>mkd</c>); null for other types.</summary>
    public readonly string? VerbatimFormat =>
        Type == RespType.VerbatimString && Length >= 4 ? Encoding.ASCII.GetString(_bulk.Slice(0, 3)) : null;

    /// <summary>The current value as an integer: integers, and strings or doubles holding an integer.</summary>
    /// <exception cref="RespProtocolException">The value is not an integer.</exception>
    public readonly long ReadInt64()
    {
        Span<byte> scratch = stackalloc byte[24];
        ReadOnlySpan<byte> text = ScalarText(scratch);
        if (Type is RespType.Integer or RespType.BulkString or RespType.SimpleString or RespType.BigNumber or RespType.Double
            && Utf8Parser.TryParse(text, out long value, out int consumed) && consumed == text.Length)
        {
            return value;
        }

        if (Type == RespType.Boolean)
        {
            return ReadBoolean() ? 1 : 0;
        }

        throw Unexpected("an integer");
    }

    /// <summary>The current value as a double: RESP3 doubles, integers, and strings holding a number or ±inf.</summary>
    /// <exception cref="RespProtocolException">The value is not a number.</exception>
    public readonly double ReadDouble()
    {
        Span<byte> scratch = stackalloc byte[64];
        ReadOnlySpan<byte> text = ScalarText(scratch);
        if (Type is RespType.Double or RespType.Integer or RespType.BulkString or RespType.SimpleString or RespType.BigNumber)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                return value;
            }

            if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
            {
                return double.PositiveInfinity;
            }

            if (text.SequenceEqual("-inf"u8))
            {
                return double.NegativeInfinity;
            }

            if (text.SequenceEqual("nan"u8))
            {
                return double.NaN;
            }
        }

        throw Unexpected("a number");
    }

    /// <summary>The current value as a boolean: RESP3 booleans and integers 0 or 1.</summary>
    /// <exception cref="RespProtocolException">The value is not a boolean.</exception>
    public readonly bool ReadBoolean()
    {
        if (Type == RespType.Boolean && _line.Length == 1 && (_line[0] == (byte)'t' || _line[0] == (byte)'f'))
        {
            return _line[0] == (byte)'t';
        }

        if (Type == RespType.Integer && _line.Length == 1 && (_line[0] == (byte)'1' || _line[0] == (byte)'0'))
        {
            return _line[0] == (byte)'1';
        }

        throw Unexpected("a boolean");
    }

    /// <summary>The current scalar as UTF-8 text (a verbatim string without its format); null for nulls.</summary>
    /// <exception cref="RespProtocolException">The value is an aggregate.</exception>
    public readonly string? ReadString()
    {
        if (IsNull)
        {
            return null;
        }

        return IsBulk ? Encoding.UTF8.GetString(Payload) : !IsAggregate ? Encoding.UTF8.GetString(_line) : throw Unexpected("a scalar");
    }

    /// <summary>The current scalar's bytes (a verbatim string without its format); null for nulls.</summary>
    /// <exception cref="RespProtocolException">The value is an aggregate.</exception>
    public readonly byte[]? ReadBytes()
    {
        if (IsNull)
        {
            return null;
        }

        return IsBulk ? Payload.ToArray() : !IsAggregate ? _line.ToArray() : throw Unexpected("a scalar");
    }

    /// <summary>True when the current scalar's bytes equal <paramref name="expected"/>, compared in place.</summary>
    public readonly bool ValueEquals(ReadOnlySpan<byte> expected)
    {
        if (IsBulk)
        {
            ReadOnlySequence<byte> payload = Payload;
            if (payload.Length != expected.Length)
            {
                return false;
            }

            return payload.IsSingleSegment ? payload.FirstSpan.SequenceEqual(expected) : payload.ToArray().AsSpan().SequenceEqual(expected);
        }

        return !IsAggregate && _line.SequenceEqual(expected);
    }

    /// <summary>The current scalar's payload, where it lies in the buffer (valid until the buffer is released).</summary>
    public readonly ReadOnlySequence<byte> ReadSequence() =>
        IsBulk ? Payload : !IsAggregate ? new ReadOnlySequence<byte>(_line.ToArray()) : throw Unexpected("a scalar");

    private readonly bool IsBulk => Type is RespType.BulkString or RespType.BlobError or RespType.VerbatimString && Length >= 0;

    private readonly ReadOnlySequence<byte> Payload =>
        Type == RespType.VerbatimString && _bulk.Length >= 4 ? _bulk.Slice(4) : _bulk;

    private readonly ReadOnlySpan<byte> ScalarText(Span<byte> scratch)
    {
        if (!IsBulk)
        {
            return _line;
        }

        ReadOnlySequence<byte> payload = Payload;
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        if (payload.Length > scratch.Length)
        {
            return default;
        }

        payload.CopyTo(scratch);
        return scratch[..(int)payload.Length];
    }

    private readonly RespProtocolException Unexpected(string expected) =>
        new($"Expected {expected} in the reply but found RESP type {Type}.");

    private static RespProtocolException Truncated() => new("The RESP value is cut off.");
}
