namespace Leaderboards.Redis.Protocol;

/// <summary>
/// The type of one RESP value. Each value is the byte that starts the value on the wire, so the enum is
/// fixed by the protocol (RESP2 and RESP3), not by this library.
/// </summary>
public enum RespType : byte
{
    /// <summary>No value has been read yet.</summary>
    None = 0,

    /// <summary><c>+OK</c>: a short status line.</summary>
    SimpleString = (byte)'+',

    /// <summary><c>-ERR message</c>: an error line.</summary>
    Error = (byte)'-',

    /// <summary><c>:42</c>: a signed 64-bit integer.</summary>
    Integer = (byte)':',

    /// <summary><c>$3 abc</c>: a binary-safe string; length -1 is RESP2's null.</summary>
    BulkString = (byte)'$',

    /// <summary><c>*2 ...</c>: an ordered list of values; length -1 is RESP2's null array.</summary>
    Array = (byte)'*',

    /// <summary><c>_</c>: RESP3's null.</summary>
    Null = (byte)'_',

    /// <summary><c>,1.5</c>: RESP3's double, including <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    Double = (byte)',',

    /// <summary><c>#t</c> or <c>#f</c>: RESP3's boolean.</summary>
    Boolean = (byte)'#',

    /// <summary><c>!5 ERR x</c>: RESP3's binary-safe error.</summary>
    BlobError = (byte)'!',

    /// <summary><c>=7 txt:abc</c>: RESP3's string with a three-letter format prefix.</summary>
    VerbatimString = (byte)'=',

    /// <summary><c>(12345...</c>: RESP3's arbitrary-precision integer, as decimal text.</summary>
    BigNumber = (byte)'(',

    /// <summary><c>%2 k v k v</c>: RESP3's map; its length counts pairs.</summary>
    Map = (byte)'%',

    /// <summary><c>~2 ...</c>: RESP3's unordered collection of distinct values.</summary>
    Set = (byte)'~',

    /// <summary><c>|1 k v</c>: RESP3's attribute map, which annotates the value that follows it.</summary>
    Attribute = (byte)'|',

    /// <summary><c>&gt;3 ...</c>: RESP3's out-of-band message (pub/sub, invalidation).</summary>
    Push = (byte)'>',
}
