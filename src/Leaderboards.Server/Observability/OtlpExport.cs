using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Leaderboards.Server.Observability;

/// <summary>
/// Pushes the same metrics to an OpenTelemetry collector when <c>Leaderboards:Otlp:Endpoint</c> (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set; otherwise nothing runs.
/// </summary>
public sealed class OtlpExport : IDisposable
{
    private readonly MeterProvider? _provider;

    public OtlpExport(IConfiguration configuration)
    {
        string? endpoint = configuration["Leaderboards:Otlp:Endpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
            return;
        var protocol = string.Equals(configuration["Leaderboards:Otlp:Protocol"], "grpc", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.Grpc
            : OtlpExportProtocol.HttpProtobuf;
        int intervalMs = (int)(configuration.GetValue<double?>("Leaderboards:Otlp:IntervalSeconds") is { } seconds && seconds > 0 ? seconds * 1000 : 15_000);
        Endpoint = new Uri(endpoint);
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(LeaderboardsMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                "Microsoft.AspNetCore.Http.Connections", "System.Runtime")
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && Endpoint.AbsolutePath is "/" or ""
                    ? new Uri(Endpoint, "v1/metrics")
                    : Endpoint;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs;
            })
            .Build();
    }

    /// <summary>The collector metrics go to; null when export is off.</summary>
    public Uri? Endpoint { get; }

    public void Dispose() => _provider?.Dispose();
}
