namespace Leaderboards.Redis.Internal.Connections;

/// <summary>
/// What a new connection sends before callers may use it: <c>HELLO 3</c> with <c>AUTH</c> and <c>SETNAME</c>
/// (falling back to RESP2 on servers without <c>HELLO</c>), or <c>AUTH</c> and <c>CLIENT SETNAME</c> for RESP2,
/// then <c>READONLY</c> for connections that serve replica reads. Commands are pipelined: one round trip.
/// </summary>
internal static class ConnectionHandshake
{
    /// <summary>Runs the handshake and returns the protocol the connection speaks.</summary>
    /// <exception cref="RedisAuthenticationException">The server refused the user or password, or requires one.</exception>
    public static async Task<RedisProtocol> RunAsync(RespConnection connection, RedisOptions options, bool readOnly, CancellationToken cancellationToken)
    {
        RedisProtocol protocol = RedisProtocol.Resp2;
        if (options.Protocol == RedisProtocol.Resp3)
        {
            var hello = new List<RedisValue> { 3 };
            if (options.Password is not null)
            {
                hello.AddRange(["AUTH", options.User ?? "default", options.Password]);
            }

            if (options.ClientName is not null)
            {
                hello.AddRange(["SETNAME", options.ClientName]);
            }

            try
            {
                await connection.SendAsync(new CommandRequest("HELLO", [.. hello]), Replies.Ignore, cancellationToken).ConfigureAwait(false);
                protocol = RedisProtocol.Resp3;
            }
            catch (RedisServerException e) when (e.Prefix is "NOPROTO" || e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
            {
                await Resp2Async(connection, options, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (IsAuthenticationError(e))
            {
                throw AuthenticationFailed(connection.Endpoint, options, e);
            }
        }
        else
        {
            await Resp2Async(connection, options, cancellationToken).ConfigureAwait(false);
        }

        if (readOnly)
        {
            try
            {
                await connection.SendAsync(CommandRequest.Keyless("READONLY"), Replies.Ignore, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException)
            {
                // A server without cluster support refuses READONLY; its reads are served anyway.
            }
        }

        return protocol;
    }

    private static async Task Resp2Async(RespConnection connection, RedisOptions options, CancellationToken cancellationToken)
    {
        ValueTask<bool> auth = options.Password is null ? ValueTask.FromResult(true)
            : options.User is null ? connection.SendAsync(CommandRequest.Keyless("AUTH", options.Password), Replies.Ignore, cancellationToken)
            : connection.SendAsync(CommandRequest.Keyless("AUTH", options.User, options.Password), Replies.Ignore, cancellationToken);
        ValueTask<bool> name = options.ClientName is null ? ValueTask.FromResult(true)
            : connection.SendAsync(CommandRequest.Keyless("CLIENT", "SETNAME", options.ClientName), Replies.Ignore, cancellationToken);

        // Both awaited, so neither reply is left unobserved; a refused AUTH is the failure that explains the rest.
        Exception? authError = await FailureOfAsync(auth).ConfigureAwait(false);
        Exception? nameError = await FailureOfAsync(name).ConfigureAwait(false);
        Exception? error = authError ?? nameError;
        if (error is RedisServerException server && IsAuthenticationError(server))
        {
            throw AuthenticationFailed(connection.Endpoint, options, server);
        }

        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    private static async Task<Exception?> FailureOfAsync(ValueTask<bool> reply)
    {
        try
        {
            await reply.ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static bool IsAuthenticationError(RedisServerException e) =>
        e.Prefix is "WRONGPASS" or "NOAUTH" or "NOPERM" || e.Message.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private static RedisAuthenticationException AuthenticationFailed(RedisEndpoint endpoint, RedisOptions options, RedisServerException e) =>
        options.Password is null
            ? new($"{endpoint} requires authentication and no password is configured: {e.Message}", endpoint, e)
            : new($"Authentication to {endpoint} as '{options.User ?? "default"}' failed: {e.Message}", endpoint, e);
}
