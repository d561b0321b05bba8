using Leaderboards.Engine;
using Leaderboards.Server.Settings;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Live;
using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live;

/// <summary>
/// <c>/hubs/leaderboard</c>: subscribe to a board's top-N (<c>TopChanged</c>) or to a player's standing
/// (<c>RankChanged</c>). Keys and roles are the REST ones (<c>access_token</c> in the query for WebSockets); boards with
/// public reads need none, and a wrong key is refused before the connection opens. A subscription that cannot be served is a
/// hub error for that call; the connection stays. A connection whose key is revoked is ended (<see cref="LiveKeyRevocation"/>).
/// Updates, the first state included, go through the connection's outbox (<see cref="HubPublisher"/>): a call never waits
/// for the client to read.
/// </summary>
public sealed class LeaderboardHub(
    BoardCatalog boards, LiveFeed feed, ILivePublisher publisher, Readiness readiness, HubConnections connections, ApiKeyStore keys) : Hub
{
    public const string KeyRevokedError = "This connection's API key was revoked; reconnect with a valid key, or without one for boards with public reads.";

    public async Task SubscribeTop(string boardId, int limit)
    {
        if (limit is < 1 or > LiveOptions.MaxTopLimit)
            throw new HubException($"limit must be between 1 and {LiveOptions.MaxTopLimit}.");
        var board = Authorize(boardId);
        Subscribe(() => feed.AddTop(Context.ConnectionId, boardId, limit));
        if (!board.TryEnter(out var lease))
            throw new HubException($"There is no board '{boardId}'.");
        using (lease)
            publisher.PublishTop(await LiveFeed.TopAsync(board, limit, Context.ConnectionAborted), [Context.ConnectionId]);
        // Whatever changed while that state was on its way is sent at the next interval.
        feed.MarkDirty(boardId);
    }

    public async Task SubscribePlayer(string boardId, string playerId)
    {
        var board = Authorize(boardId);
        try
        {
            PlayerIds.Validate(playerId);
        }
        catch (LeaderboardValidationException e)
        {
            throw new HubException(e.Message);
        }
        if (!board.TryEnter(out var lease))
            throw new HubException($"There is no board '{boardId}'.");
        using (lease)
        {
            var standing = await lease.Board.GetPlayerAsync(playerId, ReadConsistency.Strong, Context.ConnectionAborted);
            var state = PlayerState.Of(standing);
            Subscribe(() => feed.AddPlayer(Context.ConnectionId, boardId, playerId, state));
            publisher.PublishRank(Context.ConnectionId, new RankUpdate(
                boardId, playerId, state.Rank, state.Rank, state.Score, state.Subscore, standing?.Total ?? 0, []));
        }
        feed.MarkDirty(boardId);
    }

    public void Unsubscribe(string boardId) => feed.Remove(Context.ConnectionId, boardId);

    public override Task OnConnectedAsync()
    {
        var key = Context.GetHttpContext()?.Items[typeof(ApiKey)] as ApiKey;
        connections.Add(Context, key);
        // Registered before this check: a revocation after it finds the connection and ends it, one before it is seen here.
        if (key is not null && !keys.IsCurrent(key))
        {
            connections.Remove(Context.ConnectionId);
            throw new HubException(KeyRevokedError);
        }
        feed.Connected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.RemoveConnection(Context.ConnectionId);
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>A board deleted in the meantime is a hub error for this call, like any other missing board.</summary>
    private static void Subscribe(Action add)
    {
        try
        {
            add();
        }
        catch (BoardNotFoundException e)
        {
            throw new HubException(e.Message);
        }
    }

    private BoardHandle Authorize(string boardId)
    {
        if (!readiness.IsReady)
            throw new HubException("The service is not ready; retry shortly.");
        var key = connections.TryGet(Context.ConnectionId, out var connection) ? connection.Key : null;
        // Checked on every call: a key revoked while its connection is open is refused like a wrong key, public boards included.
        if (key is not null && !keys.IsCurrent(key))
            throw new HubException(KeyRevokedError);
        if (string.IsNullOrEmpty(boardId) || !boards.TryGet(boardId, out var board))
            throw new HubException($"There is no board '{boardId}'.");
        if (!board.Settings.PublicRead && key is null)
            throw new HubException($"Board '{boardId}' needs a reader key (access_token).");
        return board;
    }
}
