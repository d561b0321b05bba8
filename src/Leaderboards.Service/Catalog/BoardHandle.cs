using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog.Internal;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Seasons;
using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

/// <summary>
/// One live board and its seasons. Requests hold a <see cref="Lease"/> while they use it; a delete or reconfiguration
/// closes the handle, waits for the leases, and then <see cref="Retired"/> completes so waiting requests look the board
/// up again. Writes go to the current season; <see cref="CurrentSeasonAsync"/> starts the next season first when its
/// boundary has passed, so a score belongs to the season of the moment it is accepted.
/// </summary>
public sealed class BoardHandle
{
    private readonly BoardGate _gate = new();
    private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BoardCatalog? _catalog;
    private BoardSettings _settings;
    private Season[] _seasons;

    internal BoardHandle(IRankedBoard board, ulong incarnation, BoardSettings settings, BoardCatalog? catalog = null)
    {
        Incarnation = incarnation;
        _settings = settings;
        _catalog = catalog;
        ReplicaCount = board.Options.Replicas;
        var (id, start, end) = SeasonCalendar.SeasonOf(settings.Reset, settings.CreatedAt, settings.CreatedAt);
        _seasons = [new Season(id, incarnation, start, end, board)];
    }

    /// <summary>A handle for the same seasons (after a refused reconfiguration).</summary>
    internal BoardHandle(BoardHandle same)
        : this(same.Seasons[0].Board, same.Incarnation, same.Settings, same._catalog)
    {
        _seasons = same.Seasons.ToArray();
        ReplicaCount = same.ReplicaCount;
    }

    public string Id => Seasons[0].Board.Id;

    /// <summary>The current season's board: where writes go and what reads see by default.</summary>
    public IRankedBoard Board => Seasons[^1].Board;

    /// <summary>Oldest first; the last is current.</summary>
    public IReadOnlyList<Season> Seasons => Volatile.Read(ref _seasons);

    public string CurrentSeasonId => Seasons[^1].Id;

    /// <summary>Read replicas per partition now (they can change after the board was created).</summary>
    public int ReplicaCount { get; internal set; }

    /// <summary>Recovery only: the replica count to start once the entries are loaded.</summary>
    internal int RecoveredReplicas { get; set; }

    /// <summary>Tells this board from an earlier one with the same id, in the log and in snapshots. The first season shares it.</summary>
    public ulong Incarnation { get; }

    public BoardSettings Settings
    {
        get => Volatile.Read(ref _settings);
        internal set => Volatile.Write(ref _settings, value);
    }

    internal Task Retired => _retired.Task;

    internal SemaphoreSlim RollLock { get; } = new(1, 1);

    /// <summary>The definition as the log and snapshots keep it.</summary>
    public BoardDefinition Definition => new(
        Id, Incarnation, Settings.DisplayName, Settings.PublicRead, Settings.CreatedAt, Board.Options with { Replicas = ReplicaCount })
    {
        Reset = Settings.Reset,
        EntryTtl = Settings.EntryTtl,
    };

    /// <summary>The current season, after starting the next one if its boundary has passed. Synchronous unless a season is due.</summary>
    public ValueTask<Season> CurrentSeasonAsync(CancellationToken cancellationToken)
    {
        var current = Seasons[^1];
        if (_catalog is null || current.End is not { } end || _catalog.Now < end)
            return ValueTask.FromResult(current);
        return RollOverAsync(cancellationToken);
    }

    private async ValueTask<Season> RollOverAsync(CancellationToken cancellationToken)
    {
        await _catalog!.RollOverAsync(this, cancellationToken);
        return Seasons[^1];
    }

    /// <summary><c>current</c> (default), <c>previous</c> or a season id; null when there is no such season.</summary>
    public async ValueTask<Season?> SeasonAsync(string? season, CancellationToken cancellationToken)
    {
        var current = await CurrentSeasonAsync(cancellationToken);
        if (season is null or "" or "current")
            return current;
        var seasons = Seasons;
        return season switch
        {
            "previous" => seasons.Count > 1 ? seasons[^2] : null,
            _ => seasons.FirstOrDefault(s => s.Id == season),
        };
    }

    /// <summary>Like <see cref="SeasonAsync"/>; a season the board does not have is a <see cref="SeasonNotFoundException"/>.</summary>
    public async ValueTask<Season> RequireSeasonAsync(string? season, CancellationToken cancellationToken) =>
        await SeasonAsync(season, cancellationToken) ?? throw new SeasonNotFoundException(Id, season);

    internal Season? SeasonByIncarnation(ulong incarnation) => Seasons.FirstOrDefault(s => s.Incarnation == incarnation);

    /// <summary>Adds a season in start order (or updates one by incarnation); answers seasons dropped by retention.</summary>
    internal IReadOnlyList<Season> PutSeason(Season season, int keep)
    {
        var list = Seasons.Where(s => s.Incarnation != season.Incarnation).Append(season).OrderBy(s => s.Start).ToList();
        var dropped = list.Count > keep + 1 ? list.Take(list.Count - keep - 1).ToList() : [];
        Volatile.Write(ref _seasons, [.. list.Skip(dropped.Count)]);
        return dropped;
    }

    /// <summary>Holds the board unless it is being deleted or replaced; dispose the lease when done.</summary>
    public bool TryEnter(out Lease lease)
    {
        lease = new Lease(this);
        return _gate.TryEnter();
    }

    internal Task CloseAsync() => _gate.CloseAsync();

    internal void Retire() => _retired.TrySetResult();

    /// <summary>A request's hold on the board; dispose it when the request is done with the board.</summary>
    public readonly struct Lease(BoardHandle handle) : IDisposable
    {
        public BoardHandle Handle => handle;

        public IRankedBoard Board => handle.Board;

        public void Dispose() => handle._gate.Exit();
    }
}
