/// <summary>A small JSON answer, about the size of a rank or submit answer's first fields.</summary>
internal sealed record MinimalAnswer(string PlayerId, long Rank, long Score);
