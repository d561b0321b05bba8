using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.SignalR;

namespace Leaderboards.Server.Live;

/// <summary>
/// The open hub connections, each with the key it authenticated with (none for an anonymous connection). The hub adds a
/// connection once it is connected and removes it when it disconnects, so a connection found here is open or closing.
/// Aborting one closes its transport; the hub's disconnect handling then drops its subscriptions.
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, Connection> _open = new(StringComparer.Ordinal);

    /// <summary>An open connection and the key it authenticated with.</summary>
    public sealed record Connection(string ConnectionId, HubCallerContext Context, ApiKey? Key)
    {
        /// <summary>Closes the connection; pending and later sends to it are dropped.</summary>
        public void Abort() => Context.Abort();
    }

    /// <summary>Open connections.</summary>
    public int Count => _open.Count;

    public Connection Add(HubCallerContext context, ApiKey? key)
    {
        var connection = new Connection(context.ConnectionId, context, key);
        _open[context.ConnectionId] = connection;
        return connection;
    }

    public bool Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public bool TryGet(string connectionId, [MaybeNullWhen(false)] out Connection connection) =>
        _open.TryGetValue(connectionId, out connection);

    /// <summary>The open connections that authenticated with the key <paramref name="keyId"/>.</summary>
    public IReadOnlyList<Connection> WithKey(string keyId)
    {
        var found = new List<Connection>();
        foreach (var connection in _open.Values)
        {
            if (connection.Key?.Id == keyId)
                found.Add(connection);
        }
        return found;
    }

    /// <summary>Closes one connection; false when it is not open.</summary>
    public bool Abort(string connectionId)
    {
        if (!_open.TryGetValue(connectionId, out var connection))
            return false;
        connection.Abort();
        return true;
    }
}
