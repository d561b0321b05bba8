using System.Buffers;
using System.Buffers.Text;

namespace Leaderboards.Redis.Protocol;

/// <summary>
/// Finds where complete RESP values end in a buffer without materialising them: no allocation, no recursion
/// (nesting is tracked as a count of values still owed), so a 10 MiB bulk string or a deeply nested array
/// costs only the walk over its headers.
/// </summary>
public static class RespScanner
{
    /// <summary>The longest header line accepted (prefix, number or simple string, CRLF excluded).</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>The largest bulk length accepted, as in Redis's own <c>proto-max-bulk-len</c> ceiling.</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>
    /// Advances <paramref name="reader"/> past one complete value (with all its children) and returns true;
    /// returns false, with the reader's position unspecified, when the buffer ends before the value does.
    /// </summary>
    /// <exception cref="RespProtocolException">The bytes are not RESP.</exception>
    public static bool TrySkipValue(ref SequenceReader<byte> reader) => TrySkipValues(ref reader, 1);

    /// <summary>Advances past <paramref name="count"/> complete values; false when the buffer ends first.</summary>
    /// <exception cref="RespProtocolException">The bytes are not RESP.</exception>
    public static bool TrySkipValues(ref SequenceReader<byte> reader, long count)
    {
        long owed = count;
        while (owed > 0)
        {
            if (!reader.TryRead(out byte prefix) || !TryReadLine(ref reader, out ReadOnlySpan<byte> line))
            {
                return false;
            }

            owed--;
            switch ((RespType)prefix)
            {
                case RespType.SimpleString or RespType.Error or RespType.Integer or RespType.Null
                    or RespType.Double or RespType.Boolean or RespType.BigNumber:
                    break;
                case RespType.BulkString or RespType.BlobError or RespType.VerbatimString:
                    long length = ParseLength(line, prefix);
                    if (length >= 0)
                    {
                        if (reader.Remaining < length + 2)
                        {
                            return false;
                        }

                        reader.Advance(length);
                        ExpectCrLf(ref reader);
                    }

                    break;
                case RespType.Array or RespType.Set or RespType.Push:
                    owed += Math.Max(0, ParseLength(line, prefix));
                    break;
                case RespType.Map:
                    owed += 2 * Math.Max(0, ParseLength(line, prefix));
                    break;
                case RespType.Attribute:
                    // The attribute's pairs, then the value it annotates, which is still owed.
                    owed += (2 * ParseLength(line, prefix)) + 1;
                    break;
                default:
                    throw new RespProtocolException($"Unknown RESP type byte 0x{prefix:x2}.");
            }
        }

        return true;
    }

    /// <summary>Reads a CRLF-terminated line (CRLF consumed, not returned); false when CRLF has not arrived.</summary>
    internal static bool TryReadLine(scoped ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        // The span overload copies only when the line straddles two segments, which is rare.
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw new RespProtocolException("RESP line too long.");
            }

            return false;
        }

        if (line.Length == 0 || line[^1] != (byte)'\r')
        {
            throw new RespProtocolException("RESP line not terminated by CRLF.");
        }

        line = line[..^1];
        return true;
    }

    /// <summary>Parses a length or count header: -1 means null, other negatives are invalid.</summary>
    internal static long ParseLength(ReadOnlySpan<byte> line, byte prefix)
    {
        if (!Utf8Parser.TryParse(line, out long value, out int consumed) || consumed != line.Length || value < -1)
        {
            throw new RespProtocolException($"Invalid RESP length after '{(char)prefix}'.");
        }

        if (value > MaxBulkLength)
        {
            throw new RespProtocolException($"RESP length {value} exceeds the limit of {MaxBulkLength}.");
        }

        return value;
    }

    internal static void ExpectCrLf(ref SequenceReader<byte> reader)
    {
        if (!reader.TryRead(out byte cr) || !reader.TryRead(out byte lf) || cr != (byte)'\r' || lf != (byte)'\n')
        {
            throw new RespProtocolException("RESP bulk payload not followed by CRLF.");
        }
    }
}
