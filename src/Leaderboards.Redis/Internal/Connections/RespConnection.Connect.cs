using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Leaderboards.Redis.Internal.Connections;

internal sealed partial class RespConnection
{
    /// <summary>
    /// Opens a connection: TCP, then TLS when configured, then the handshake (<c>HELLO 3</c> with <c>AUTH</c> and
    /// <c>SETNAME</c>, or their RESP2 forms), then <c>READONLY</c> for a connection that serves replica reads.
    /// The whole takes at most <see cref="RedisOptions.ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="RedisAuthenticationException">The server refused the user or password.</exception>
    /// <exception cref="RedisConnectionException">The node could not be reached or the handshake failed.</exception>
    public static async Task<RespConnection> ConnectAsync(
        RedisEndpoint endpoint, RedisOptions options, bool readOnly, IPushHandler? push, bool subscriber, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RespConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                stream = await TlsConnector.AuthenticateAsync(stream, endpoint, tls, timeout.Token).ConfigureAwait(false);
            }

            connection = new RespConnection(endpoint, socket, stream, options, push, subscriber, logger);
            connection.Start();
            connection.Protocol = await ConnectionHandshake.RunAsync(connection, options, readOnly, timeout.Token).ConfigureAwait(false);
            connection.StartCommandTimeouts();
            RedisLog.Connected(logger, endpoint.ToString(), (int)connection.Protocol, readOnly);
            return connection;
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw e switch
            {
                RedisAuthenticationException => e,
                OperationCanceledException when cancellationToken.IsCancellationRequested => e,
                OperationCanceledException or RedisTimeoutException => new RedisConnectionException(
                    $"Connecting to {endpoint} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms.", endpoint, false, e),
                AuthenticationException => new RedisConnectionException($"The TLS handshake with {endpoint} failed: {e.Message}", endpoint, false, e),
                SocketException => new RedisConnectionException($"Cannot connect to {endpoint}: {e.Message}", endpoint, false, e),
                RedisConnectionException { InnerException: AuthenticationException or IOException } rce =>
                    new RedisConnectionException($"Cannot connect to {endpoint}: {rce.InnerException!.Message}", endpoint, false, e),
                RedisException => new RedisConnectionException($"The handshake with {endpoint} failed: {e.Message}", endpoint, false, e),
                _ => new RedisConnectionException($"Cannot connect to {endpoint}: {e.Message}", endpoint, false, e),
            };
        }
    }
}
