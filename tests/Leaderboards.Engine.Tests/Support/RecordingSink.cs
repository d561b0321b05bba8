using Leaderboards.Engine.Partitions;

namespace Leaderboards.Engine.Tests.Support;

/// <summary>A change-stream consumer that keeps every batch it is given.</summary>
public sealed class RecordingSink : IChangeSink
{
    private readonly Lock _lock = new();
    private readonly List<ChangeBatch> _batches = [];

    public IReadOnlyList<ChangeBatch> Batches
    {
        get
        {
            lock (_lock)
                return [.. _batches];
        }
    }

    public IReadOnlyList<ScoreChange> Changes => [.. Batches.SelectMany(b => b.Changes)];

    public ValueTask PublishAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
            _batches.Add(batch);
        return ValueTask.CompletedTask;
    }
}
