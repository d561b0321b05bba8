namespace Leaderboards.Redis.Tests.Support;

/// <summary>One plain redis-server for a test class; clients speak RESP2 or RESP3 to it. Tests use their own keys.</summary>
public sealed class SingleNodeFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private RedisClient? _resp2;
    private RedisClient? _resp3;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("The fixture did not start.");

    public RedisEndpoint Endpoint => Server.Endpoint;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _resp2 = await ConnectAsync(RedisProtocol.Resp2);
        _resp3 = await ConnectAsync(RedisProtocol.Resp3);
    }

    /// <summary>The shared client for <paramref name="protocol"/>.</summary>
    public RedisClient Client(RedisProtocol protocol) => protocol == RedisProtocol.Resp2 ? _resp2! : _resp3!;

    /// <summary>A new client of the test's own (to break, to configure differently).</summary>
    public Task<RedisClient> ConnectAsync(RedisProtocol protocol, Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions { Protocol = protocol, CommandTimeout = TimeSpan.FromSeconds(5) };
        options.Endpoints.Add(Endpoint);
        configure?.Invoke(options);
        return RedisClient.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_resp2 is not null)
        {
            await _resp2.DisposeAsync();
        }

        if (_resp3 is not null)
        {
            await _resp3.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
