using Leaderboards.LoadTests;

// The service's load runner. Scenario "live": watchers on one board while scores arrive; see loadtests/README.md.
if (args is not ["live", ..])
{
    Console.Error.WriteLine("usage: Leaderboards.LoadTests live --url URL --key KEY [--watchers 5000] [--rate 2000] [--seconds 30] [--limit 10] [--server-pid PID] [--out DIR]");
    return 2;
}
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"live: expected --name value, got '{args[i]}'");
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
    if (!options.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        throw new ArgumentException("--url must be the server's address, e.g. http://127.0.0.1:5080");
    if (!options.TryGetValue("key", out var key))
        throw new ArgumentException("--key must be an admin key (the scenario creates its board)");
    var settings = new LiveSettings(uri, key, Int("watchers", 5000, 1, 50_000), Int("rate", 2000, 1, 100_000), Int("seconds", 30, 1, 600),
        Int("limit", 10, 1, 100), options.ContainsKey("server-pid") ? Int("server-pid", 0, 1, int.MaxValue) : null,
        options.GetValueOrDefault("out", Path.Combine("loadtests", "results")));
    return await new LiveScenario(settings).RunAsync();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("live: " + e.Message);
    return 2;
}
