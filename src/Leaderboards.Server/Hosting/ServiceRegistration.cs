using Leaderboards.Contracts;
using Leaderboards.Server.Api;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Live;
using Leaderboards.Server.Live.Internal;
using Leaderboards.Server.Observability;
using Leaderboards.Server.Security;
using Leaderboards.Server.Security.Internal;
using Leaderboards.Server.Settings;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Clustered;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Embedded;
using Leaderboards.Service.Expiry;
using Leaderboards.Service.Keys;
using Leaderboards.Service.Live;
using Leaderboards.Service.Stores;
using Leaderboards.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Hosting;

/// <summary>Wires the service: options, storage, boards, keys, auth, rate limits, problem details and OpenAPI.</summary>
public static class ServiceRegistration
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The most socket I/O queues <c>Leaderboards:SocketIoQueues</c> may ask for.</summary>
    public const int MaxSocketIoQueues = 64;

    public static WebApplicationBuilder AddLeaderboards(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The documented short environment names, beside the standard Leaderboards__DataDir form.
        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("LEADERBOARDS_DATA_DIR") is { Length: > 0 } dataDir)
            overrides[$"{ServerOptions.Section}:{nameof(ServerOptions.DataDir)}"] = dataDir;
        if (Environment.GetEnvironmentVariable("LEADERBOARDS_ADMIN_KEY") is { Length: > 0 } adminKey)
            overrides[$"{ServerOptions.Section}:{nameof(ServerOptions.AdminKey)}"] = adminKey;
        if (overrides.Count > 0)
            configuration.AddInMemoryCollection(overrides);

        if (string.IsNullOrEmpty(configuration["urls"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
            builder.WebHost.UseUrls(DefaultUrl);

        var serverOptions = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = serverOptions.MaxRequestBodyBytes);
        if (serverOptions.SocketIoQueues is < 0 or > MaxSocketIoQueues)
            throw new InvalidSettingException($"Leaderboards:SocketIoQueues is {serverOptions.SocketIoQueues}; it must be from 0 to {MaxSocketIoQueues}.");
        // See ServerOptions.InlineSocketScheduling (no request or hub path here blocks a thread) and SocketIoQueues.
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.UnsafePreferInlineScheduling = serverOptions.InlineSocketScheduling;
            sockets.IOQueueCount = serverOptions.SocketIoQueues;
        });

        var services = builder.Services;
        services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataDirectory(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDir));
        services.Configure<PersistenceOptions>(configuration.GetSection($"{ServerOptions.Section}:Persistence"));
        services.AddSingleton<Readiness>();
        AddStore(services, configuration, serverOptions.Store);
        services.AddSingleton<IJournal>(sp => sp.GetRequiredService<IStore>());
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton(sp => new BoardCatalog(
            sp.GetRequiredService<IStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<IBoardObserver>()));
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection($"{ServerOptions.Section}:Live"))
            .Validate(live => live.IsValid, "Leaderboards:Live: Interval, SendTimeout and ClientTimeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton<HubPublisher>();
        services.AddSingleton<ILivePublisher>(sp => sp.GetRequiredService<HubPublisher>());
        services.AddSingleton<ClientActivity>();
        services.AddHostedService<LiveConnectionMonitor>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<HubConnections>();
        services.AddHostedService<LiveKeyRevocation>();
        services.AddSingleton<IBoardObserver>(sp => sp.GetRequiredService<LiveFeed>());
        services.AddHostedService<LiveFeedLoop>();
        services.AddSignalR(hub => hub.EnableDetailedErrors = false)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, LeaderboardsJsonContext.Default));
        services.AddSingleton<HubLifetimeManager<LeaderboardHub>, LiveLifetimeManager>();
        // SignalR's own client timeout, for clients that ping; LiveConnectionMonitor holds every client to the same one.
        services.AddOptions<HubOptions>().Configure<IOptions<LiveOptions>>((hub, live) => hub.ClientTimeoutInterval = live.Value.ClientTimeout);
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<LeaderboardsMetrics>();
        services.AddSingleton<OtlpExport>();
        services.AddHostedService<StartupService>();
        services.AddHostedService<SnapshotScheduler>();
        services.AddHostedService<SeasonScheduler>();
        services.AddSingleton<EntryExpiry>();
        services.AddHostedService<ExpiryLoop>();

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, LeaderboardsJsonContext.Default);
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Routing refuses a body that is not JSON before any handler runs; it gets the same problem as one the handler refuses.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType
                && context.ProblemDetails.Type?.StartsWith(Problem.TypePrefix, StringComparison.Ordinal) != true)
            {
                context.ProblemDetails.Type = Problems.UnsupportedMediaType.Type;
                context.ProblemDetails.Title = Problems.UnsupportedMediaType.Title;
                context.ProblemDetails.Detail = HttpProblemException.UnsupportedMediaType().Message;
            }
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        // Endpoints are authorized by KeyAuthorization, which the endpoint middleware's check for the framework's own
        // authorization middleware (a marker in HttpContext.Items, a dictionary per request) does not know about.
        services.Configure<RouteOptions>(routing => routing.SuppressCheckForUnhandledSecurityMetadata = true);
        services.AddSingleton<IAuthorizationHandler, MinimumRoleHandler>();
        // The default authorization service and policy evaluator are transient and stateless: one of each serves every
        // request, and the service's own policies are decided without the default service's per-request objects.
        services.AddSingleton<DefaultAuthorizationService>();
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationService, KeyAuthorizationService>());
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, PolicyEvaluator>());
        services.AddRateLimiter(limiter => RateLimiting.Configure(limiter, serverOptions.RateLimits));

        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Leaderboards API";
            document.Info.Description =
                "Real-time leaderboards. Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. " +
                "Ranks are 1-based; scores are int64 JSON numbers; errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }).AddKeySecurity().TrimServerUrls());
        return builder;
    }

    private static void AddStore(IServiceCollection services, IConfiguration configuration, string store)
    {
        switch (store)
        {
            case ServerOptions.EmbeddedStore:
                services.AddSingleton<IStore>(sp => new DurableStore(
                    sp.GetRequiredService<DataDirectory>(), sp.GetRequiredService<IOptions<PersistenceOptions>>().Value,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DurableStore>>()));
                break;
            case ServerOptions.RedisStore:
                services.Configure<ClusterStoreOptions>(configuration.GetSection($"{ServerOptions.Section}:Redis"));
                services.AddSingleton<IStore>(sp => new ClusterStore(
                    sp.GetRequiredService<IOptions<ClusterStoreOptions>>().Value, sp.GetRequiredService<DataDirectory>(),
                    sp.GetRequiredService<IOptions<PersistenceOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>()));
                break;
            default:
                throw new InvalidSettingException(
                    $"Leaderboards:Store is '{store}'; it must be '{ServerOptions.EmbeddedStore}' or '{ServerOptions.RedisStore}'.");
        }
    }

    public static WebApplication UseLeaderboards(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The web UI from wwwroot: public files, served before keys and rate limits are looked at.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseReadinessGate();
        app.UseKeyAuthentication();
        app.UseKeyRateLimits();
        app.UseKeyAuthorization();

        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Text("ok"))
            .DisableRateLimiting()
            .WithTags("Health")
            .WithSummary("The process is up and answering");
        app.MapGet("/metrics", (MetricsCollector metrics) => Results.Text(PrometheusText.Render(metrics.Collect()), PrometheusText.ContentType))
            .DisableRateLimiting()
            .WithTags("Health")
            .WithSummary("Prometheus text exposition of every metric: HTTP, scores, queries, entries, replica lag, log, snapshots, hub, runtime");
        app.MapGet("/readyz", async (Readiness readiness, IStore store, CancellationToken cancellationToken) =>
            {
                if (!readiness.IsReady)
                    return Results.Text(readiness.State, statusCode: StatusCodes.Status503ServiceUnavailable);
                return await store.CheckAvailableAsync(cancellationToken) is { } problem
                    ? Results.Text("unavailable: " + problem, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Text("ready");
            })
            .DisableRateLimiting()
            .WithTags("Health")
            .WithSummary("200 once recovery has loaded every acknowledged change; 503 while recovering or restoring, or while the Redis Cluster (cluster mode) is down");
        // Every API request passes the readiness gate and the rate limiter first.
        var api = app.MapGroup("/api/v1").Fails(Problems.RateLimited, Problems.NotReady);
        api.MapBoardsApi();
        api.MapScoresApi();
        api.MapQueriesApi();
        api.MapAdminApi();
        api.MapSnapshotsApi();
        api.MapTransferApi();
        api.MapMultiBoardApi();
        // Boards are checked per subscription; a wrong key is refused here, at negotiate and connect, with 401.
        app.MapLeaderboardHub().RequireAuthorization(Policies.NoWrongKey);
        return app;
    }
}
