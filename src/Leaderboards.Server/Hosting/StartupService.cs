using Leaderboards.Server.Boards;
using Leaderboards.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Hosting;

/// <summary>Before the server listens: installs the admin key and loads the boards. After: prints where to reach it.</summary>
internal sealed partial class StartupService(
    IOptions<ServerOptions> options,
    DataDirectory dataDirectory,
    ApiKeyStore keys,
    BoardRegistry boards,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        keys.SetAdminKey(AdminKeyBootstrap.Resolve(options.Value.AdminKey, dataDirectory.Path, Console.Out));
        await boards.LoadAsync(cancellationToken);
        Log.Loaded(logger, boards.All.Count(), dataDirectory.Path);
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is { Count: > 0 })
                Console.WriteLine($"Leaderboards is listening on {string.Join(", ", addresses)} (data: {dataDirectory.Path})");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded {Count} boards from {DataDir}")]
        public static partial void Loaded(ILogger logger, int count, string dataDir);
    }
}
