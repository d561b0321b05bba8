namespace Leaderboards.Engine;

/// <summary>
/// Input the engine refuses. Nothing was changed when this is thrown.
/// <see cref="Field"/> names the offending field (for a batch, prefixed with its index: <c>entries[3].score</c>).
/// </summary>
public sealed class LeaderboardValidationException : Exception
{
    public LeaderboardValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public string Field { get; }

    /// <summary>The same error, with its field placed under a parent, e.g. <c>entries[3]</c>.</summary>
    public LeaderboardValidationException Under(string prefix) => new($"{prefix}.{Field}", Message);
}
