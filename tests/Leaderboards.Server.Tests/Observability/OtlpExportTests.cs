using System.Net;
using System.Text;
using Leaderboards.Server.Tests.Support;

namespace Leaderboards.Server.Tests.Observability;

/// <summary>With an OTLP endpoint configured, the real exporter posts the service's metrics to it (a minimal OTLP/HTTP receiver here).</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly HttpListener _collector = new();
    private readonly int _port;

    public OtlpExportTests()
    {
        _port = Ports.Free();
        _collector.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _collector.Start();
    }

    public void Dispose() => _collector.Close();

    [Fact]
    public async Task WhenConfigured_MetricsArePushedOverOtlp()
    {
        await using var server = new ServerFactory(settings: new()
        {
            ["Leaderboards:Otlp:Endpoint"] = $"http://127.0.0.1:{_port}",
            ["Leaderboards:Otlp:IntervalSeconds"] = "0.2",
        });
        var admin = server.Admin();
        await admin.CreateBoardAsync("otlp");
        await admin.SubmitAsync("otlp", "p", 1);

        // Exports arrive every 0.2 s; wait (bounded) for one that carries the score counter.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var context = await _collector.GetContextAsync().WaitAsync(timeout.Token);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, timeout.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
            Assert.Equal("/v1/metrics", context.Request.Url!.AbsolutePath);
            Assert.Equal("application/x-protobuf", context.Request.ContentType);
            if (Encoding.UTF8.GetString(body.ToArray()).Contains("leaderboards.scores.submitted", StringComparison.Ordinal))
                return;
        }
    }
}
