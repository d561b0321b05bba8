using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Leaderboards.LoadTests;

/// <summary>One operation's latencies, overall and per second of the run (for the chart).</summary>
internal sealed class OperationResult(string operation, int seconds)
{
    private readonly Histogram[] _perSecond = [.. Enumerable.Range(0, seconds + 2).Select(_ => new Histogram())];
    private long _errors;

    public string Operation { get; } = operation;

    public Histogram Latency { get; } = new();

    public long Errors => Interlocked.Read(ref _errors);

    public void Record(TimeSpan latency, bool ok, TimeSpan at)
    {
        if (!ok)
        {
            Interlocked.Increment(ref _errors);
            return;
        }
        Latency.Record(latency);
        _perSecond[Math.Clamp((int)at.TotalSeconds, 0, _perSecond.Length - 1)].Record(latency);
    }

    public IEnumerable<(int Second, double P50, double P99)> Timeline() =>
        _perSecond.Select((h, i) => (i, h.QuantileMs(0.5), h.QuantileMs(0.99))).Where(p => _perSecond[p.i].Count > 0);
}

/// <summary>Throughput and latency quantiles per operation, as JSON, a markdown table and an SVG chart of latency over time.</summary>
internal sealed class LoadReport(HttpSettings settings, TimeSpan elapsed, IReadOnlyList<OperationResult> operations)
{
    public async Task WriteAsync()
    {
        Directory.CreateDirectory(settings.OutDir);
        string name = $"load-{settings.Scenario}";
        var rows = operations.Select(o => new
        {
            operation = o.Operation,
            requests = o.Latency.Count,
            errors = o.Errors,
            perSecond = o.Latency.Count / elapsed.TotalSeconds,
            p50Ms = o.Latency.QuantileMs(0.5),
            p95Ms = o.Latency.QuantileMs(0.95),
            p99Ms = o.Latency.QuantileMs(0.99),
            p999Ms = o.Latency.QuantileMs(0.999),
            maxMs = o.Latency.MaxMs,
        }).ToList();
        var json = new
        {
            scenario = settings.Scenario,
            connections = settings.Connections,
            mode = settings.Rate > 0 ? $"open loop, {settings.Rate}/s" : "closed loop",
            members = settings.Members,
            seconds = elapsed.TotalSeconds,
            operations = rows,
        };
        await File.WriteAllTextAsync(Path.Combine(settings.OutDir, name + ".json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| {settings.Scenario}: {json.mode}, {settings.Connections} connections, {settings.Members:N0} members, {elapsed.TotalSeconds:F0} s | requests/s | p50 | p95 | p99 | p99.9 | errors |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            table.AppendLine(CultureInfo.InvariantCulture, $"| {r.operation} | {r.perSecond:N0} | {r.p50Ms:F2} ms | {r.p95Ms:F2} ms | {r.p99Ms:F2} ms | {r.p999Ms:F2} ms | {r.errors} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| all | {rows.Sum(r => r.perSecond):N0} | | | | | {rows.Sum(r => r.errors)} |");
        await File.WriteAllTextAsync(Path.Combine(settings.OutDir, name + ".md"), table.ToString());
        await File.WriteAllTextAsync(Path.Combine(settings.OutDir, name + ".svg"), Chart());
        Console.Write(table);
    }

    /// <summary>p99 per second for each operation, as an SVG line chart.</summary>
    private string Chart()
    {
        const int width = 720, height = 300, left = 50, bottom = 30, top = 20;
        string[] colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];
        var series = operations.Select(o => (o.Operation, Points: o.Timeline().ToList())).Where(s => s.Points.Count > 0).ToList();
        double maxY = Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.P99).DefaultIfEmpty(1).Max()) * 1.1;
        double maxX = Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Second).DefaultIfEmpty(1).Max());
        double X(double s) => left + s / maxX * (width - left - 10);
        double Y(double ms) => height - bottom - ms / maxY * (height - bottom - top);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"14\">{settings.Scenario}: p99 latency per second (ms)</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"#888\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#888\"/>");
        for (int i = 0; i <= 4; i++)
        {
            double ms = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Y(ms) + 4:F1}\">{ms:F1}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 60}\" y=\"{height - 8}\">{maxX:F0} s</text>");
        for (int i = 0; i < series.Count; i++)
        {
            string points = string.Join(' ', series[i].Points.Select(p => $"{X(p.Second).ToString("F1", CultureInfo.InvariantCulture)},{Y(p.P99).ToString("F1", CultureInfo.InvariantCulture)}"));
            string colour = colours[i % colours.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 10 + i * 90}\" y=\"{top + 12}\" fill=\"{colour}\">{series[i].Operation}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
