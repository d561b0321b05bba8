namespace Leaderboards.Service.Tests.Embedded;

/// <summary>
/// What a board (descending, the default order) must hold: the acknowledged submissions only, applied in order under
/// its update policy (<c>best</c>, <c>latest</c> or <c>sum</c>).
/// </summary>
internal sealed class ScoreModel(string updatePolicy)
{
    private readonly Dictionary<string, long> _scores = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Scores => _scores;

    /// <summary>Applies an acknowledged submission; answers the player's score after it.</summary>
    public long Submit(string playerId, long score)
    {
        long next = !_scores.TryGetValue(playerId, out long current) ? score : updatePolicy switch
        {
            "best" => Math.Max(current, score),
            "latest" => score,
            "sum" => current + score,
            _ => throw new ArgumentOutOfRangeException(nameof(updatePolicy), updatePolicy, "not a policy the model knows"),
        };
        _scores[playerId] = next;
        return next;
    }
}
