namespace Leaderboards.Engine;

/// <summary>Which end of the score range ranks first. Persisted: values are EXPLICIT and APPEND-ONLY.</summary>
public enum SortOrder : byte
{
    /// <summary>Higher scores rank first.</summary>
    Descending = 1,

    /// <summary>Lower scores rank first (race times, golf).</summary>
    Ascending = 2,
}

/// <summary>How a submitted score combines with the stored one. Persisted: values are EXPLICIT and APPEND-ONLY.</summary>
public enum UpdatePolicy : byte
{
    /// <summary>Keep the better of the stored and the submitted value.</summary>
    Best = 1,

    /// <summary>Always replace the stored value.</summary>
    Latest = 2,

    /// <summary>Add the submitted score to the stored one.</summary>
    Sum = 3,
}

/// <summary>How ranks are numbered. Persisted: values are EXPLICIT and APPEND-ONLY.</summary>
public enum RankMode : byte
{
    /// <summary>Every entry has its own rank: 1, 2, 3, 4.</summary>
    Ordinal = 1,

    /// <summary>Entries with equal score and subscore share a rank: 1, 2, 2, 4.</summary>
    Competition = 2,
}

/// <summary>
/// Where a read may be answered from. Either way a board read is one consistent cut: all its steps see the same
/// state of every partition it reads.
/// </summary>
public enum ReadConsistency
{
    /// <summary>
    /// One read replica of each partition may answer (the owner where there is none). Each may trail its owner by a
    /// different number of changes, so the answer may miss recent writes, but it holds together: it is exactly what a
    /// board made of those copies would answer.
    /// </summary>
    Eventual = 0,

    /// <summary>The partition owners answer, all at one instant: the caller sees its own acknowledged writes.</summary>
    Strong = 1,
}
