using System.Globalization;
using System.Text;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis;

/// <summary>
/// A reply read into memory: what raw commands return. Scalars keep their bytes; aggregates keep their
/// elements in order (a map as key, value, key, value). An error nested in an aggregate (an <c>EXEC</c> result)
/// is an element of type <see cref="RespType.Error"/>, not an exception.
/// </summary>
public sealed class RedisResult
{
    private static readonly RedisResult[] s_noItems = [];
    private readonly byte[]? _bytes;

    private RedisResult(RespType type, byte[]? bytes, RedisResult[]? items, string? format)
    {
        Type = type;
        _bytes = bytes;
        Items = items ?? s_noItems;
        IsNull = type == RespType.Null || (bytes is null && items is null);
        VerbatimFormat = format;
    }

    /// <summary>The RESP type the server sent.</summary>
    public RespType Type { get; }

    /// <summary>True for every null form (RESP3 null, RESP2 null bulk string, RESP2 null array).</summary>
    public bool IsNull { get; }

    /// <summary>The elements of an array, set, push or map (maps flattened as key, value, ...); empty for scalars.</summary>
    public IReadOnlyList<RedisResult> Items { get; }

    /// <summary>The format of a verbatim string (<c>txt</c>, <c>mkd</c>), else null.</summary>
    public string? VerbatimFormat { get; }

    /// <summary>True for error elements.</summary>
    public bool IsError => Type is RespType.Error or RespType.BlobError;

    /// <summary>The scalar's bytes (a verbatim string without its format); null for null and aggregates.</summary>
    public ReadOnlyMemory<byte>? Bytes => _bytes;

    /// <summary>The scalar as text; null for null.</summary>
    public override string? ToString() => _bytes is null ? null : Encoding.UTF8.GetString(_bytes);

    /// <summary>The scalar as an integer.</summary>
    /// <exception cref="FormatException">It is not an integer.</exception>
    public long ToInt64() => Type == RespType.Boolean ? (ToBoolean() ? 1 : 0) : long.Parse(Text(), CultureInfo.InvariantCulture);

    /// <summary>The scalar as a double (<c>inf</c>, <c>-inf</c> and <c>nan</c> included).</summary>
    /// <exception cref="FormatException">It is not a number.</exception>
    public double ToDouble() => Text() switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>The scalar as a boolean: RESP3 <c>#t</c>/<c>#f</c> or integer 1/0.</summary>
    /// <exception cref="FormatException">It is not a boolean.</exception>
    public bool ToBoolean() => Text() switch
    {
        "t" or "1" => true,
        "f" or "0" => false,
        _ => throw new FormatException("The reply is not a boolean."),
    };

    /// <summary>Reads the value at the reader's current position (and its children) into memory.</summary>
    internal static RedisResult Read(ref RespReader reader)
    {
        if (reader.IsAggregate)
        {
            var items = new RedisResult[reader.ChildCount];
            RespType type = reader.Type;
            for (int i = 0; i < items.Length; i++)
            {
                reader.Read();
                items[i] = Read(ref reader);
            }

            return new RedisResult(type, null, items, null);
        }

        return new RedisResult(reader.Type, reader.ReadBytes(), null, reader.VerbatimFormat);
    }

    private string Text() => ToString() ?? throw new FormatException("The reply is null.");
}
