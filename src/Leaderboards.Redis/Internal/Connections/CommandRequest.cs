using System.Buffers;
using Leaderboards.Redis.Protocol;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// One command as it will be written: its name, its arguments and which argument (if any) is the key that routes it.
/// </summary>
internal readonly struct CommandRequest
{
    public CommandRequest(string name, RedisValue[] args, int keyIndex = -1, CommandFlags flags = CommandFlags.None)
    {
        Name = name;
        Args = args;
        KeyIndex = keyIndex;
        Flags = flags;
    }

    public string Name { get; }

    public RedisValue[] Args { get; }

    /// <summary>The index in <see cref="Args"/> of the routing key; -1 for keyless commands.</summary>
    public int KeyIndex { get; }

    public CommandFlags Flags { get; }

    public static CommandRequest Keyless(string name, params RedisValue[] args) => new(name, args);

    public static CommandRequest ForKey(string name, params RedisValue[] args) => new(name, args, 0);

    public void WriteTo(IBufferWriter<byte> output)
    {
        RespWriter.WriteArrayHeader(output, Args.Length + 1);
        RespWriter.WriteBulkString(output, Name);
        foreach (RedisValue arg in Args)
        {
            arg.WriteTo(output);
        }
    }
}
