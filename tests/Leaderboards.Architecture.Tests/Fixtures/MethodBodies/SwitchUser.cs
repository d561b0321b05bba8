namespace Leaderboards.Architecture.Tests.Fixtures.MethodBodies;

/// <summary>
/// Calls <see cref="BodyOnlyTarget"/> after a dense switch, which compiles to the IL <c>switch</c> opcode: the call is
/// found only when the reader steps over the switch's variable-length operand correctly.
/// </summary>
public sealed class SwitchUser
{
    public int Run(int value)
    {
        int picked = value switch
        {
            0 => 10,
            1 => 11,
            2 => 12,
            3 => 13,
            4 => 14,
            _ => 0,
        };
        return picked + BodyOnlyTarget.Answer();
    }
}
