using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace Leaderboards.Architecture.Tests.Support;

/// <summary>
/// Walks a method body's IL and yields the metadata tokens of its type, method, field and <c>ldtoken</c> operands.
/// The opcode table is built from <see cref="OpCodes"/>, so every opcode the runtime knows is decoded, and the walk
/// steps over every other operand by its size.
/// </summary>
public static class IlOperands
{
    private const byte TwoBytePrefix = 0xFE;

    private static readonly OpCode?[] s_oneByte = new OpCode?[256];
    private static readonly OpCode?[] s_twoByte = new OpCode?[256];

    static IlOperands()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode code)
                continue;
            ushort value = unchecked((ushort)code.Value);
            if (code.Size == 1)
                s_oneByte[value] = code;
            else if (value >> 8 == TwoBytePrefix)
                s_twoByte[value & 0xFF] = code;
        }
    }

    /// <summary>The token operands of <paramref name="il"/>, in order, each with the kind of operand it is.</summary>
    /// <exception cref="InvalidDataException">The IL holds a byte that is no opcode, or ends inside an operand.</exception>
    public static List<(OperandType Kind, int Token)> Tokens(byte[] il)
    {
        var tokens = new List<(OperandType, int)>();
        int at = 0;
        while (at < il.Length)
        {
            int start = at;
            OpCode code = il[at] == TwoBytePrefix && at + 1 < il.Length
                ? s_twoByte[il[at + 1]] ?? throw Unknown(il, start)
                : s_oneByte[il[at]] ?? throw Unknown(il, start);
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineTok:
                    tokens.Add((code.OperandType, ReadInt32(il, at)));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    // A count, then that many 4-byte branch offsets.
                    at += 4 + 4 * ReadInt32(il, at);
                    break;
                default:
                    at += OperandSize(code.OperandType);
                    break;
            }
        }
        if (at != il.Length)
            throw new InvalidDataException($"IL ends inside an operand ({il.Length} bytes, operand runs to {at})");
        return tokens;
    }

    private static int OperandSize(OperandType kind) => kind switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString
            or OperandType.ShortInlineR => 4,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => throw new InvalidDataException($"no operand size known for {kind}"),
    };

    private static int ReadInt32(byte[] il, int at) =>
        at + 4 <= il.Length
            ? BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at, 4))
            : throw new InvalidDataException($"IL ends inside an operand at {at}");

    private static InvalidDataException Unknown(byte[] il, int at) =>
        new($"no opcode 0x{il[at]:X2}{(il[at] == TwoBytePrefix && at + 1 < il.Length ? $" 0x{il[at + 1]:X2}" : "")} at IL offset {at}");
}
