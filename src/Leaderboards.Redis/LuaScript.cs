using System.Security.Cryptography;
using System.Text;

namespace Leaderboards.Redis;

/// <summary>
/// A Lua script known by its SHA1, as <c>EVALSHA</c> names it. Create one per script text and keep it: the
/// digest is computed once. Nodes that do not have the script yet are sent it on first use (see
/// <see cref="ScriptCommands.EvaluateAsync"/>).
/// </summary>
public sealed class LuaScript
{
    /// <summary>Creates the script and computes its SHA1.</summary>
    public LuaScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>The script text.</summary>
    public string Source { get; }

    /// <summary>The lowercase hex SHA1 of the text, as Redis computes it.</summary>
    public string Sha1 { get; }
}
