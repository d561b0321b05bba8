using Leaderboards.Service.Durability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leaderboards.Server.Tests.Support;

/// <summary>The service in memory, on its own temporary data directory, with a known admin key.</summary>
public class ServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "lba_test-admin-key";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataDir;
    private readonly Readiness _readiness = new();

    private readonly TimeProvider? _time;

    internal ServerFactory(string? dataDir = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        _time = time;
        _ownsDataDir = dataDir is null;
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "lb-tests-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Leaderboards:DataDir"] = DataDir,
            ["Leaderboards:AdminKey"] = AdminKey,
            ["Leaderboards:RateLimits:PermitsPerPeriod"] = "0",
            ["Leaderboards:RateLimits:AnonymousPermitsPerPeriod"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
            _settings[key] = value;
    }

    public ServerFactory() : this(null, null)
    {
    }

    public string DataDir { get; }

    /// <summary>True when the service runs in cluster mode (<c>Leaderboards:Store=redis</c>).</summary>
    public bool Clustered => _settings.TryGetValue("Leaderboards:Store", out var store) && store == "redis";

    /// <summary>
    /// The replicas a board reports: the count it asked for in this process; in cluster mode, its shards' Redis replicas
    /// (one per master in the test cluster), whatever it asked for.
    /// </summary>
    public int ReportedReplicas(int requested) => Clustered ? 1 : requested;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        // The factory keeps the readiness signal, so a failed recovery is seen even after the host has shut down.
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(_readiness);
            if (_time is not null)
                services.AddSingleton(_time);
        });
    }

    /// <summary>Starts the host and waits until recovery is done, so tests see a ready service.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (!_readiness.Recovered.Wait(TimeSpan.FromSeconds(60)))
            throw new TimeoutException("The service did not finish recovery within 60 s.");
        return host;
    }

    public ApiClient Admin() => Client(AdminKey);

    public ApiClient Anonymous() => new(CreateClient());

    public ApiClient Client(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return new ApiClient(client);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (!_ownsDataDir)
            return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
