using Leaderboards.Server.Security;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Leaderboards.Server.Tests.Security;

/// <summary>A connection remembers its key's hash between requests; the key itself is decided again on every one.</summary>
public sealed class RememberedSecretTests
{
    private sealed class NoJournal : IJournal
    {
        public Task AppendAsync(StorageRecord record) => Task.CompletedTask;

        public ValueTask AttachAsync(IRankedBoard board, ulong incarnation) => ValueTask.CompletedTask;

        public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ConnectionState : IPersistentStateFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();
    }

    /// <summary>A request on <paramref name="connection"/> carrying <paramref name="authorization"/>, the same string instance each time.</summary>
    private static HttpRequest Request(ConnectionState connection, string authorization)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IPersistentStateFeature>(connection);
        context.Request.Path = "/api/v1/boards/b/scores";
        context.Request.Headers.Authorization = authorization;
        return context.Request;
    }

    [Fact]
    public async Task RevokedKey_IsRefusedOnTheSameConnection_WithTheSameHeaderString()
    {
        var keys = new ApiKeyStore(new NoJournal(), TimeProvider.System);
        var (key, secret) = await keys.CreateAsync("game", ApiRole.Writer, null, CancellationToken.None);
        var connection = new ConnectionState();
        string header = "Bearer " + secret;

        Assert.Same(key, PresentedCredential.Read(Request(connection, header), keys).Key);
        Assert.Same(key, PresentedCredential.Read(Request(connection, header), keys).Key);
        Assert.True(await keys.RevokeAsync(key.Id, CancellationToken.None));

        var after = PresentedCredential.Read(Request(connection, header), keys);
        Assert.Null(after.Key);
        Assert.True(after.IsInvalid);
    }

    [Fact]
    public async Task AnotherHeaderString_OnTheSameConnection_IsReadAfresh()
    {
        var keys = new ApiKeyStore(new NoJournal(), TimeProvider.System);
        var (first, firstSecret) = await keys.CreateAsync("first", ApiRole.Writer, null, CancellationToken.None);
        var (second, secondSecret) = await keys.CreateAsync("second", ApiRole.Reader, null, CancellationToken.None);
        var connection = new ConnectionState();

        Assert.Same(first, PresentedCredential.Read(Request(connection, "Bearer " + firstSecret), keys).Key);
        Assert.Same(second, PresentedCredential.Read(Request(connection, "Bearer " + secondSecret), keys).Key);
        Assert.True(PresentedCredential.Read(Request(connection, "Bearer " + firstSecret + "x"), keys).IsInvalid);
        Assert.True(PresentedCredential.Read(Request(connection, "Bearer  "), keys).IsInvalid);
    }
}
