using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.Security;

/// <summary>AUTH with requirepass and with an ACL user, against a real server.</summary>
[Trait("Category", "Redis")]
public sealed class AuthenticationTests(AuthenticationTests.PasswordServer server) : IClassFixture<AuthenticationTests.PasswordServer>
{

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task WrongPassword_FailsWithAClearError(RedisProtocol protocol)
    {
        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => ConnectAsync(protocol, null, "wrong"));
        Assert.Contains("Authentication to 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task NoPassword_IsRefusedWithAnAuthenticationError(RedisProtocol protocol)
    {
        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => ConnectAsync(protocol, null, null));
        Assert.Contains("NOAUTH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task PasswordAndAclUser_AreAccepted(RedisProtocol protocol)
    {
        await using RedisClient admin = await ConnectAsync(protocol, null, "s3cret");
        Assert.Equal("default", (await admin.ExecuteAsync("ACL", "WHOAMI")).ToString());
        string user = $"app{(int)protocol}";
        await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">app-pass", "~*", "+@all");

        await using RedisClient app = await ConnectAsync(protocol, user, "app-pass");
        Assert.Equal(user, (await app.ExecuteAsync("ACL", "WHOAMI")).ToString());
        Assert.Equal("leaderboards", (await app.ExecuteAsync("CLIENT", "GETNAME")).ToString());
        await Assert.ThrowsAsync<RedisAuthenticationException>(() => ConnectAsync(protocol, user, "s3cret"));
    }

    private Task<RedisClient> ConnectAsync(RedisProtocol protocol, string? user, string? password)
    {
        var options = new RedisOptions { Protocol = protocol, User = user, Password = password };
        options.Endpoints.Add(server.Server!.Endpoint);
        return RedisClient.ConnectAsync(options);
    }

    /// <summary>A redis-server with requirepass, shared by the class; each test creates its own ACL user.</summary>
    public sealed class PasswordServer : IAsyncLifetime
    {
        internal RedisServer? Server { get; private set; }

        public async Task InitializeAsync() => Server = await RedisServer.StartAsync(["--requirepass", "s3cret"]);

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
