using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Leaderboards.Redis.Protocol;

/// <summary>
/// Writes RESP values straight into an <see cref="IBufferWriter{T}"/>: commands (arrays of bulk strings) for a
/// client, every reply type for a server. Numbers are formatted in place; nothing is allocated.
/// </summary>
public static class RespWriter
{
    /// <summary>The longest decimal form of an <see cref="long"/> plus the largest RESP prefix and CRLF.</summary>
    private const int MaxHeaderLength = 1 + 20 + 2;

    /// <summary>Writes an array header (<c>*n</c>); -1 writes RESP2's null array.</summary>
    public static void WriteArrayHeader(IBufferWriter<byte> output, long count) => WriteHeader(output, RespType.Array, count);

    /// <summary>Writes a RESP3 map header (<c>%n</c>), <paramref name="pairs"/> key/value pairs following.</summary>
    public static void WriteMapHeader(IBufferWriter<byte> output, long pairs) => WriteHeader(output, RespType.Map, pairs);

    /// <summary>Writes a RESP3 set header (<c>~n</c>).</summary>
    public static void WriteSetHeader(IBufferWriter<byte> output, long count) => WriteHeader(output, RespType.Set, count);

    /// <summary>Writes a RESP3 push header (<c>&gt;n</c>).</summary>
    public static void WritePushHeader(IBufferWriter<byte> output, long count) => WriteHeader(output, RespType.Push, count);

    /// <summary>Writes a binary-safe bulk string.</summary>
    public static void WriteBulkString(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteHeader(output, RespType.BulkString, value.Length);
        WriteRawWithCrLf(output, value);
    }

    /// <summary>Writes a bulk string that may span several segments.</summary>
    public static void WriteBulkString(IBufferWriter<byte> output, in ReadOnlySequence<byte> value)
    {
        WriteHeader(output, RespType.BulkString, value.Length);
        foreach (ReadOnlyMemory<byte> segment in value)
        {
            output.Write(segment.Span);
        }

        output.Write("\r\n"u8);
    }

    /// <summary>Writes text as a UTF-8 bulk string, encoded in place.</summary>
    public static void WriteBulkString(IBufferWriter<byte> output, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteHeader(output, RespType.BulkString, length);
        Span<byte> span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    /// <summary>Writes an integer as a decimal bulk string (how commands take numeric arguments).</summary>
    public static void WriteBulkString(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int written);
        WriteBulkString(output, digits[..written]);
    }

    /// <summary>Writes a double as a bulk string in the form Redis parses (round-trip, <c>inf</c>, <c>-inf</c>).</summary>
    public static void WriteBulkString(IBufferWriter<byte> output, double value)
    {
        Span<byte> text = stackalloc byte[32];
        WriteBulkString(output, FormatDouble(value, text));
    }

    /// <summary>Writes RESP2's null bulk string (<c>$-1</c>).</summary>
    public static void WriteNullBulkString(IBufferWriter<byte> output) => output.Write("$-1\r\n"u8);

    /// <summary>Writes RESP3's null (<c>_</c>).</summary>
    public static void WriteNull(IBufferWriter<byte> output) => output.Write("_\r\n"u8);

    /// <summary>Writes a simple string; it must not contain CR or LF.</summary>
    /// <exception cref="ArgumentException">The text holds CR or LF.</exception>
    public static void WriteSimpleString(IBufferWriter<byte> output, string value) => WriteLine(output, RespType.SimpleString, value);

    /// <summary>Writes an error line such as <c>ERR unknown command</c>; it must not contain CR or LF.</summary>
    /// <exception cref="ArgumentException">The text holds CR or LF.</exception>
    public static void WriteError(IBufferWriter<byte> output, string message) => WriteLine(output, RespType.Error, message);

    /// <summary>Writes an integer (<c>:n</c>).</summary>
    public static void WriteInteger(IBufferWriter<byte> output, long value) => WriteHeader(output, RespType.Integer, value);

    /// <summary>Writes a RESP3 double (<c>,1.5</c>, <c>,inf</c>).</summary>
    public static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        Span<byte> text = stackalloc byte[32];
        ReadOnlySpan<byte> formatted = FormatDouble(value, text);
        Span<byte> span = output.GetSpan(formatted.Length + 3);
        span[0] = (byte)RespType.Double;
        formatted.CopyTo(span[1..]);
        span[formatted.Length + 1] = (byte)'\r';
        span[formatted.Length + 2] = (byte)'\n';
        output.Advance(formatted.Length + 3);
    }

    /// <summary>Writes a RESP3 boolean (<c>#t</c> or <c>#f</c>).</summary>
    public static void WriteBoolean(IBufferWriter<byte> output, bool value) => output.Write(value ? "#t\r\n"u8 : "#f\r\n"u8);

    /// <summary>Writes a RESP3 big number from its decimal text.</summary>
    /// <exception cref="ArgumentException">The text holds CR or LF.</exception>
    public static void WriteBigNumber(IBufferWriter<byte> output, string digits) => WriteLine(output, RespType.BigNumber, digits);

    /// <summary>Writes a RESP3 verbatim string with a three-letter <paramref name="format"/> such as <c>txt</c>.</summary>
    /// <exception cref="ArgumentException">The format is not three ASCII letters.</exception>
    public static void WriteVerbatimString(IBufferWriter<byte> output, string format, string text)
    {
        if (format.Length != 3 || !Ascii.IsValid(format))
        {
            throw new ArgumentException("A verbatim format is three ASCII characters.", nameof(format));
        }

        int length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(output, RespType.VerbatimString, length + 4);
        Span<byte> span = output.GetSpan(length + 6);
        Encoding.ASCII.GetBytes(format, span);
        span[3] = (byte)':';
        Encoding.UTF8.GetBytes(text, span[4..]);
        span[length + 4] = (byte)'\r';
        span[length + 5] = (byte)'\n';
        output.Advance(length + 6);
    }

    /// <summary>Formats a double as Redis reads it: shortest round-trip digits, <c>inf</c>/<c>-inf</c>/<c>nan</c>.</summary>
    internal static ReadOnlySpan<byte> FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "inf"u8;
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-inf"u8;
        }

        if (double.IsNaN(value))
        {
            return "nan"u8;
        }

        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return destination[..written];
    }

    private static void WriteHeader(IBufferWriter<byte> output, RespType type, long number)
    {
        Span<byte> span = output.GetSpan(MaxHeaderLength);
        span[0] = (byte)type;
        Utf8Formatter.TryFormat(number, span[1..], out int written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }

    private static void WriteLine(IBufferWriter<byte> output, RespType type, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A RESP line cannot contain CR or LF.", nameof(text));
        }

        int length = Encoding.UTF8.GetByteCount(text);
        Span<byte> span = output.GetSpan(length + 3);
        span[0] = (byte)type;
        Encoding.UTF8.GetBytes(text, span[1..]);
        span[length + 1] = (byte)'\r';
        span[length + 2] = (byte)'\n';
        output.Advance(length + 3);
    }

    private static void WriteRawWithCrLf(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        output.Write(value);
        output.Write("\r\n"u8);
    }
}
