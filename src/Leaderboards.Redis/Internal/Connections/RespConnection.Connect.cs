using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
                stream = await AuthenticateTlsAsync(stream, endpoint, tls, timeout.Token).ConfigureAwait(false);
            }

            connection = new RespConnection(endpoint, socket, stream, options, push, subscriber, logger);
            connection.Start();
            await connection.HandshakeAsync(readOnly, timeout.Token).ConfigureAwait(false);
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

    private static async Task<Stream> AuthenticateTlsAsync(Stream stream, RedisEndpoint endpoint, RedisTlsOptions tls, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = tls.TargetHost ?? endpoint.Host,
            EnabledSslProtocols = tls.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (tls.ClientCertificate is not null)
        {
            authentication.ClientCertificates = [tls.ClientCertificate];
        }

        if (tls.TrustedCertificateAuthorities is { Count: > 0 } authorities)
        {
            authentication.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            authentication.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
        return ssl;
    }

    private async Task HandshakeAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (_options.Protocol == RedisProtocol.Resp3)
        {
            var hello = new List<RedisValue> { 3 };
            if (_options.Password is not null)
            {
                hello.AddRange(["AUTH", _options.User ?? "default", _options.Password]);
            }

            if (_options.ClientName is not null)
            {
                hello.AddRange(["SETNAME", _options.ClientName]);
            }

            try
            {
                await SendAsync(new CommandRequest("HELLO", [.. hello]), Replies.Ignore, cancellationToken).ConfigureAwait(false);
                Protocol = RedisProtocol.Resp3;
            }
            catch (RedisServerException e) when (e.Prefix is "NOPROTO" || e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
            {
                await HandshakeResp2Async(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (IsAuthenticationError(e))
            {
                throw AuthenticationFailed(e);
            }
        }
        else
        {
            await HandshakeResp2Async(cancellationToken).ConfigureAwait(false);
        }

        if (readOnly)
        {
            try
            {
                await SendAsync(CommandRequest.Keyless("READONLY"), Replies.Ignore, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException)
            {
                // A server without cluster support refuses READONLY; its reads are served anyway.
            }
        }
    }

    private async Task HandshakeResp2Async(CancellationToken cancellationToken)
    {
        // Sent together: the replies come back in order, one round trip for the whole handshake.
        ValueTask<bool> auth = _options.Password is null ? ValueTask.FromResult(true)
            : _options.User is null ? SendAsync(CommandRequest.Keyless("AUTH", _options.Password), Replies.Ignore, cancellationToken)
            : SendAsync(CommandRequest.Keyless("AUTH", _options.User, _options.Password), Replies.Ignore, cancellationToken);
        ValueTask<bool> name = _options.ClientName is null ? ValueTask.FromResult(true)
            : SendAsync(CommandRequest.Keyless("CLIENT", "SETNAME", _options.ClientName), Replies.Ignore, cancellationToken);
        try
        {
            await auth.ConfigureAwait(false);
        }
        catch (RedisServerException e) when (IsAuthenticationError(e))
        {
            throw AuthenticationFailed(e);
        }
        finally
        {
            try
            {
                await name.ConfigureAwait(false);
            }
            catch (RedisServerException) when (_options.Password is not null)
            {
                // Refused because authentication failed; that failure is the one reported.
            }
        }

        Protocol = RedisProtocol.Resp2;
    }

    private static bool IsAuthenticationError(RedisServerException e) =>
        e.Prefix is "WRONGPASS" or "NOAUTH" or "NOPERM" || e.Message.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private RedisAuthenticationException AuthenticationFailed(RedisServerException e) =>
        new($"Authentication to {Endpoint} as '{_options.User ?? "default"}' failed: {e.Message}", Endpoint, e);
}
