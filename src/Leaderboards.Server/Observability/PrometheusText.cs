using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Leaderboards.Server.Observability;

/// <summary>
/// Renders collected metrics in the Prometheus text exposition format (version 0.0.4), naming them as OpenTelemetry's
/// Prometheus mapping does: dots become underscores, the unit becomes a suffix (<c>_seconds</c>, <c>_bytes</c>) and
/// counters end in <c>_total</c>.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricsCollector.InstrumentState> instruments)
    {
        var text = new StringBuilder(16 * 1024);
        foreach (var state in instruments)
        {
            if (state.Series.IsEmpty)
                continue;
            var instrument = state.Instrument;
            string name = MetricName(instrument);
            string type = state.Buckets is not null ? "histogram" : IsCounter(instrument) ? "counter" : "gauge";
            if (type == "counter")
                name += "_total";
            else if (type == "gauge" && (name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)))
                name += "_value"; // those suffixes belong to histograms in the exposition format
            text.Append("# HELP ").Append(name).Append(' ').Append(Help(instrument)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, series) in state.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var (value, count, cumulative) = series.Read();
                if (cumulative is null)
                {
                    text.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');
                    continue;
                }
                for (int i = 0; i < cumulative.Length; i++)
                {
                    string le = i < state.Buckets!.Length ? Number(state.Buckets[i]) : "+Inf";
                    text.Append(name).Append("_bucket").Append(WithLabel(labels, "le", le)).Append(' ').Append(cumulative[i]).Append('\n');
                }
                text.Append(name).Append("_sum").Append(labels).Append(' ').Append(Number(value)).Append('\n');
                text.Append(name).Append("_count").Append(labels).Append(' ').Append(count).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>A metric or label name: characters outside [a-zA-Z0-9_] become underscores.</summary>
    public static string Name(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_'))
                chars[i] = '_';
        }
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static string MetricName(Instrument instrument)
    {
        string name = Name(instrument.Name);
        string suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        return suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal) ? name + suffix : name;
    }

    private static bool IsCounter(Instrument instrument) =>
        instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;

    private static string Help(Instrument instrument) =>
        (instrument.Description ?? instrument.Name).Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string WithLabel(string labels, string name, string value) =>
        labels.Length == 0 ? $"{{{name}=\"{value}\"}}" : $"{labels[..^1]},{name}=\"{value}\"}}";
}
