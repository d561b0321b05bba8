using Leaderboards.Engine.Boards;

namespace Leaderboards.Server.Boards;

/// <summary>
/// One live board. Requests hold a <see cref="Lease"/> while they use it; a delete or reconfiguration closes the handle,
/// waits for the leases, and then <see cref="Retired"/> completes so waiting requests look the board up again.
/// </summary>
public sealed class BoardHandle
{
    private readonly BoardGate _gate = new();
    private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BoardSettings _settings;

    internal BoardHandle(Board board, ulong incarnation, BoardSettings settings)
    {
        Board = board;
        Incarnation = incarnation;
        _settings = settings;
    }

    public string Id => Board.Id;

    /// <summary>Recovery only: the replica count to start once the entries are loaded.</summary>
    internal int RecoveredReplicas { get; set; }

    /// <summary>Tells this board from an earlier one with the same id, in the log and in snapshots.</summary>
    public ulong Incarnation { get; }

    public Board Board { get; }

    /// <summary>Read replicas per partition now (they can change after the board was created).</summary>
    public int ReplicaCount => Board.Partitions[0].GetStatus().Replicas.Count;

    public BoardSettings Settings
    {
        get => Volatile.Read(ref _settings);
        internal set => Volatile.Write(ref _settings, value);
    }

    internal Task Retired => _retired.Task;

    /// <summary>The definition as the log and snapshots keep it.</summary>
    public Persistence.BoardDefinition Definition => new(
        Id, Incarnation, Settings.DisplayName, Settings.PublicRead, Settings.CreatedAt, Board.Options with { Replicas = ReplicaCount });

    internal bool TryEnter(out Lease lease)
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

        public Board Board => handle.Board;

        public void Dispose() => handle._gate.Exit();
    }
}
