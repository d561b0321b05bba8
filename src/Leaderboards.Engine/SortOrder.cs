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

/// <summary>Where a read may be answered from.</summary>
public enum ReadConsistency
{
    /// <summary>A read replica may answer; it may lag the owner slightly.</summary>
    Eventual = 0,

    /// <summary>The partition owner answers: the caller sees its own acknowledged writes.</summary>
    Strong = 1,
}
