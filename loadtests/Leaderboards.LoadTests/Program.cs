using Leaderboards.LoadTests;

// The service's load runner; see loadtests/README.md.
string[] scenarios = ["live", "submit", "read", "mixed", "failover"];
if (args.Length == 0 || !scenarios.Contains(args[0]))
{
    Console.Error.WriteLine("usage: Leaderboards.LoadTests live --url URL --key KEY [--watchers 5000] [--stalled 0] [--rate 2000] [--seconds 30] [--warmup 0] [--limit 10] [--server-pid PID] [--out DIR]");
    Console.Error.WriteLine("       Leaderboards.LoadTests submit|read|mixed --url URL --key KEY [--connections 50] [--seconds 20] [--warmup 3] [--rate 0 (closed loop)] [--max-requests N] [--members 100000] [--zipf 1.1] [--out DIR]");
    Console.Error.WriteLine("       Leaderboards.LoadTests failover --url URL[,URL...] --key KEY [--writers 8] [--seconds 60] [--players 500 (per writer)] [--partitions 3]");
    return 2;
}
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{args[0]}: expected --name value, got '{args[i]}'");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}
int Int(string name, int fallback, int min, int max)
{
    if (!options.TryGetValue(name, out var text))
        return fallback;
    if (int.TryParse(text, out int value) && value >= min && value <= max)
        return value;
    throw new ArgumentException($"--{name} must be an integer from {min} to {max}, got '{text}'");
}
try
{
    if (args[0] == "failover")
    {
        var urls = options.GetValueOrDefault("url", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var node) ? node : throw new ArgumentException($"--url must be service addresses separated by commas, got '{u}'"))
            .ToList();
        if (urls.Count == 0)
            throw new ArgumentException("--url must be one or more service addresses separated by commas, e.g. http://127.0.0.1:5080,http://127.0.0.1:5081");
        if (!options.TryGetValue("key", out var adminKey))
            throw new ArgumentException("--key must be an admin key (the drill creates its board)");
        var drill = new FailoverSettings(urls, adminKey, Int("writers", 8, 1, 256), Int("seconds", 60, 1, 3600), Int("players", 500, 1, 100_000), Int("partitions", 3, 1, 64));
        return await new FailoverScenario(drill).RunAsync();
    }
    if (!options.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        throw new ArgumentException("--url must be the server's address, e.g. http://127.0.0.1:5080");
    if (!options.TryGetValue("key", out var key))
        throw new ArgumentException("--key must be an admin key (the scenario creates its board)");
    string outDir = options.GetValueOrDefault("out", Path.Combine("loadtests", "results"));
    if (args[0] != "live")
    {
        double zipf = options.TryGetValue("zipf", out var z) && double.TryParse(z, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 && s < 5
            ? s : options.ContainsKey("zipf") ? throw new ArgumentException("--zipf must be a number between 0 and 5") : 1.1;
        var http = new HttpSettings(args[0], uri, key, Int("connections", 50, 1, 10_000), Int("seconds", 20, 1, 3600), Int("warmup", 3, 0, 600),
            Int("rate", 0, 0, 1_000_000), options.ContainsKey("max-requests") ? Int("max-requests", 0, 1, int.MaxValue) : long.MaxValue,
            Int("members", 100_000, 1, 50_000_000), zipf, outDir);
        return await new HttpScenario(http).RunAsync();
    }
    var settings = new LiveSettings(uri, key, Int("watchers", 5000, 1, 50_000), Int("stalled", 0, 0, 1000), Int("rate", 2000, 1, 100_000), Int("seconds", 30, 1, 600), Int("warmup", 0, 0, 600),
        Int("limit", 10, 1, 100), options.ContainsKey("server-pid") ? Int("server-pid", 0, 1, int.MaxValue) : null, outDir);
    return await new LiveScenario(settings).RunAsync();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 2;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 1;
}
