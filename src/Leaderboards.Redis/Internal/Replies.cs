using Leaderboards.Redis.Internal.Connections;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal;

/// <summary>
/// Reply parsers shared by the typed commands. Each reads in place and accepts both the RESP2 and the RESP3
/// form of its reply (a score is a bulk string in RESP2 and a double in RESP3; a missing rank is a null bulk
/// string in one and a null in the other). Cached static delegates: no allocation per call.
/// </summary>
internal static class Replies
{
    public static readonly ReplyParser<bool> Ignore = static (ref RespReader reader) =>
    {
        reader.Skip();
        return true;
    };

    public static readonly ReplyParser<long> Integer = static (ref RespReader reader) => reader.ReadInt64();

    /// <summary>An integer reply of 1 (added, removed, existed) as true: no async wrapper needed to compare.</summary>
    public static readonly ReplyParser<bool> IsOne = static (ref RespReader reader) => reader.ReadInt64() == 1;

    public static readonly ReplyParser<long?> NullableInteger = static (ref RespReader reader) =>
        reader.IsNull ? null : reader.ReadInt64();

    public static readonly ReplyParser<double?> NullableDouble = static (ref RespReader reader) =>
        reader.IsNull ? null : reader.ReadDouble();

    public static readonly ReplyParser<double> Double = static (ref RespReader reader) => reader.ReadDouble();

    public static readonly ReplyParser<bool> Boolean = static (ref RespReader reader) =>
        reader.Type == RespType.SimpleString ? reader.ValueEquals("OK"u8) : !reader.IsNull && reader.ReadInt64() != 0;

    public static readonly ReplyParser<string?> String = static (ref RespReader reader) => reader.ReadString();

    public static readonly ReplyParser<byte[]?> Bytes = static (ref RespReader reader) => reader.ReadBytes();

    public static readonly ReplyParser<RedisResult> Result = static (ref RespReader reader) => RedisResult.Read(ref reader);

    /// <summary>An array of strings (nulls kept as null).</summary>
    public static readonly ReplyParser<string?[]> StringArray = static (ref RespReader reader) =>
    {
        if (reader.IsNull)
        {
            return [];
        }

        var items = new string?[reader.ChildCount];
        for (int i = 0; i < items.Length; i++)
        {
            reader.Read();
            items[i] = reader.ReadString();
            reader.Skip();
        }

        return items;
    };

    /// <summary>Field/value pairs: a RESP3 map or a flat RESP2 array.</summary>
    public static readonly ReplyParser<Dictionary<string, string>> StringMap = static (ref RespReader reader) =>
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        long count = reader.ChildCount / 2;
        for (long i = 0; i < count; i++)
        {
            reader.Read();
            string key = reader.ReadString() ?? string.Empty;
            reader.Read();
            map[key] = reader.ReadString() ?? string.Empty;
        }

        return map;
    };

    /// <summary>Members with scores: RESP3 pairs (<c>[[m, s], ...]</c>) or RESP2's flat <c>[m, s, m, s]</c>.</summary>
    public static readonly ReplyParser<SortedSetEntry[]> Entries = static (ref RespReader reader) =>
    {
        if (reader.ChildCount == 0)
        {
            return [];
        }

        RespReader peek = reader;
        peek.Read();
        bool nested = peek.IsAggregate;
        var entries = new SortedSetEntry[nested ? reader.ChildCount : reader.ChildCount / 2];
        for (int i = 0; i < entries.Length; i++)
        {
            if (nested)
            {
                reader.Read();
            }

            reader.Read();
            string member = reader.ReadString() ?? string.Empty;
            reader.Read();
            entries[i] = new SortedSetEntry(member, reader.ReadDouble());
        }

        return entries;
    };

    /// <summary>A status reply that must be OK.</summary>
    public static readonly ReplyParser<bool> Ok = static (ref RespReader reader) =>
        reader.ValueEquals("OK"u8) ? true : throw new RespProtocolException($"Expected OK, got {reader.ReadString()}.");
}
