namespace Leaderboards.Service.Catalog;

/// <summary>Told when a board starts serving (created, recovered, replaced, restored) and when it stops.</summary>
public interface IBoardObserver
{
    ValueTask BoardStartedAsync(BoardHandle board);

    ValueTask BoardStoppedAsync(BoardHandle board);
}
