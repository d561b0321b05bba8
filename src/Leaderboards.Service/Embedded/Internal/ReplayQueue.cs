using Leaderboards.Engine.Boards;
using Leaderboards.Engine.Partitions;

namespace Leaderboards.Service.Embedded.Internal;

/// <summary>
/// Log replay's loads, in log order per partition. A log's apply rounds are often a handful of changes each: small ones
/// are gathered per partition into chunks (one mailbox message per chunk, not per round), large ones go as they are.
/// At most <see cref="MaxInFlight"/> loads are under way, so decoding the next records overlaps staging these.
/// </summary>
internal sealed class ReplayQueue
{
    /// <summary>A partition's gathered changes are loaded once they reach this many.</summary>
    public const int Chunk = 4096;

    public const int MaxInFlight = 8;

    private readonly Dictionary<(Board, int), EncodedChanges> _gathering = [];
    private readonly Queue<Task> _inFlight = new();

    /// <summary>Queues changes for one partition, after everything queued for it before.</summary>
    public async Task QueueAsync(Board board, int partition, EncodedChanges changes)
    {
        if (changes.Count == 0)
            return;
        var key = (board, partition);
        if (changes.Count >= Chunk)
        {
            // Whatever this partition gathered comes first.
            if (_gathering.Remove(key, out var earlier))
                await StartAsync(board, partition, earlier);
            await StartAsync(board, partition, changes);
            return;
        }

        if (!_gathering.TryGetValue(key, out var gathered))
            _gathering[key] = gathered = new EncodedChanges(Chunk, withSequences: true);
        gathered.AddRange(changes);
        if (gathered.Count >= Chunk)
        {
            _gathering.Remove(key);
            await StartAsync(board, partition, gathered);
        }
    }

    /// <summary>Loads everything queued and waits until it is staged (before a board definition changes, and at the end).</summary>
    public async Task FlushAsync()
    {
        foreach (var ((board, partition), gathered) in _gathering)
            _inFlight.Enqueue(board.LoadAsync(partition, gathered, gathered.Sequence(gathered.Count - 1)).AsTask());
        _gathering.Clear();
        while (_inFlight.Count > 0)
            await _inFlight.Dequeue();
    }

    private async Task StartAsync(Board board, int partition, EncodedChanges changes)
    {
        _inFlight.Enqueue(board.LoadAsync(partition, changes, changes.Sequence(changes.Count - 1)).AsTask());
        if (_inFlight.Count > MaxInFlight)
            await _inFlight.Dequeue();
    }
}
