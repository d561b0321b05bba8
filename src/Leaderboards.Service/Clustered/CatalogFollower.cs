using Leaderboards.Storage;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Service.Clustered;

/// <summary>
/// Keeps a node's catalog in step with the catalog stream: <see cref="CatchUpAsync"/> applies every record the node
/// has not applied yet, in stream order, one at a time; <see cref="RunAsync"/> does so every
/// <paramref name="interval"/> until stopped, so a change made through any node reaches this one within about one
/// interval. A record that fails to apply stops the follower at that record (it is retried on the next round), so
/// records are never applied out of order or skipped.
/// </summary>
public sealed partial class CatalogFollower(CatalogStream stream, Func<string, StorageRecord, Task> apply, TimeSpan interval, ILogger<CatalogFollower> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _applied = CatalogStream.Start;

    /// <summary>The id of the last record applied here; what a compare-and-append on this node expects.</summary>
    public string Applied => Volatile.Read(ref _applied);

    /// <summary>
    /// A record this node appended and applied itself: later reads start after it. Ids only move forward, so a
    /// round that read the record before this call applies it again, which changes nothing.
    /// </summary>
    public void Advance(string id)
    {
        string seen;
        do
        {
            seen = Volatile.Read(ref _applied);
            if (Compare(id, seen) <= 0)
                return;
        }
        while (Interlocked.CompareExchange(ref _applied, id, seen) != seen);
    }

    /// <summary>Applies every record after <see cref="Applied"/>; returns how many.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int applied = 0;
            while (true)
            {
                var records = await stream.ReadAfterAsync(_applied, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (records.Count == 0)
                    return applied;
                foreach (var (id, record) in records)
                {
                    await apply(id, record).ConfigureAwait(false);
                    Advance(id);
                    applied++;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Catches up every interval until <paramref name="cancellationToken"/> is cancelled; failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                try
                {
                    await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.CatchUpFailed(logger, Applied, e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// The stream lost records this node had applied (its master failed over before replicating them, with
    /// <c>WaitReplicas</c> 0): appends are compared with <paramref name="last"/>, the stream's last record, from now on.
    /// Returns false when the stream did not lose anything this node had seen.
    /// </summary>
    public bool RewindTo(string last)
    {
        string seen = Applied;
        return Compare(last, seen) < 0 && Interlocked.CompareExchange(ref _applied, last, seen) == seen;
    }

    /// <summary>
    /// True once record <paramref name="id"/> or a later one was applied here: a round that read the record before this
    /// node appended and applied it (or a later one) must not apply it again over what came after.
    /// </summary>
    public bool HasApplied(string id) => Compare(id, Applied) <= 0;

    // Stream ids are "milliseconds-sequence", both decimal.
    private static int Compare(string a, string b)
    {
        static (long, long) Parse(string id)
        {
            int dash = id.IndexOf('-', StringComparison.Ordinal);
            return (long.Parse(id.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(id.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
        }
        return Parse(a).CompareTo(Parse(b));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The catalog could not catch up after record {Applied}; retrying on the next round.")]
        public static partial void CatchUpFailed(ILogger logger, string applied, Exception exception);
    }
}
