using Leaderboards.Engine.Boards;

namespace Leaderboards.Engine.Tests.Support;

/// <summary>
/// An in-memory log: keeps every accepted append in call order and refuses (throws <see cref="LogRefusedException"/>)
/// the next N appends, appends matching a predicate, or a seeded random share of them.
/// </summary>
public sealed class RecordingChangeLog : IChangeLog
{
    private readonly Lock _lock = new();
    private readonly List<LoggedBatch[]> _accepted = [];
    private int _refuseNext;
    private Func<IReadOnlyList<LoggedBatch>, bool>? _refuseWhen;
    private Random? _random;
    private double _refuseRate;

    public int Attempts { get; private set; }

    public int Refused { get; private set; }

    /// <summary>A copy of the accepted appends, in the order they were accepted.</summary>
    public IReadOnlyList<LoggedBatch[]> Accepted
    {
        get
        {
            lock (_lock)
                return [.. _accepted];
        }
    }

    public void RefuseNext(int count = 1)
    {
        lock (_lock)
            _refuseNext = count;
    }

    public void RefuseWhen(Func<IReadOnlyList<LoggedBatch>, bool>? predicate)
    {
        lock (_lock)
            _refuseWhen = predicate;
    }

    public void RefuseRandomly(double rate, int seed)
    {
        lock (_lock)
        {
            _refuseRate = rate;
            _random = new Random(seed);
        }
    }

    public ValueTask AppendAsync(IReadOnlyList<LoggedBatch> batches, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Attempts++;
            bool refuse = _refuseNext > 0 || (_refuseWhen?.Invoke(batches) ?? false) || (_random is { } random && random.NextDouble() < _refuseRate);
            if (refuse)
            {
                if (_refuseNext > 0)
                    _refuseNext--;
                Refused++;
                return ValueTask.FromException(new LogRefusedException());
            }

            _accepted.Add([.. batches]);
            return ValueTask.CompletedTask;
        }
    }
}
