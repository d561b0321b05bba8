using System.Diagnostics;
using System.Text.RegularExpressions;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests.Support;

/// <summary>The service as a real child process on a free loopback port, for tests that kill it.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string dataDir, IReadOnlyDictionary<string, string> settings)
    {
        var start = StartInfo(dataDir, "--urls", "http://127.0.0.1:0");
        start.Environment["LEADERBOARDS_ADMIN_KEY"] = ServerFactory.AdminKey;
        start.Environment["Leaderboards__RateLimits__PermitsPerPeriod"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } text)
                OutputLine?.Invoke(text);
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } match)
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            else if (e.Data?.StartsWith("Leaderboards is ready", StringComparison.Ordinal) == true)
                _ready.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Add(e.Data); };
        _process.Exited += (_, _) =>
        {
            var exited = new InvalidOperationException("The server exited: " + string.Join("\n", Output));
            _listening.TrySetException(exited);
            _ready.TrySetException(exited);
        };
        _process.EnableRaisingEvents = true;
        ChildProcesses.Start(_process);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public System.Collections.Concurrent.ConcurrentBag<string> Output { get; } = [];

    /// <summary>Each line the server writes to standard output, as it arrives.</summary>
    public event Action<string>? OutputLine;

    public HttpClient Client { get; private set; } = null!;

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>
    /// Starts the server and waits (bounded) until it says recovery is done; <c>/readyz</c> must then answer 200.
    /// A server that does not get there is killed before the failure is reported, so a failed start leaves nothing behind.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new ServerProcess(dataDir, settings ?? new Dictionary<string, string>());
        try
        {
            var address = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            server.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFactory.AdminKey);
            await server._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var ready = await server.Client.GetAsync("/readyz");
            if (!ready.IsSuccessStatusCode)
                throw new InvalidOperationException($"/readyz answered {(int)ready.StatusCode} after the server said it was ready.");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the server with <paramref name="args"/> until it exits by itself (bounded), for starts that must fail: its exit
    /// code and what it wrote to each stream.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(string dataDir, params string[] args)
    {
        using var server = new Process { StartInfo = StartInfo(dataDir, args) };
        ChildProcesses.Start(server);
        try
        {
            var output = server.StandardOutput.ReadToEndAsync();
            var error = server.StandardError.ReadToEndAsync();
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (server.ExitCode, await output, await error);
        }
        finally
        {
            await ChildProcesses.KillAsync(server);
        }
    }

    /// <summary>The server's binary from this test build, on <paramref name="dataDir"/>, with both streams redirected.</summary>
    private static ProcessStartInfo StartInfo(string dataDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Leaderboards.Server.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["LEADERBOARDS_DATA_DIR"] = dataDir;
        return start;
    }

    /// <summary>SIGKILL to the server and its whole process tree: no shutdown code runs, as in a crash.</summary>
    public Task KillAsync() => ChildProcesses.KillAsync(_process);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client?.Dispose();
        _process.Dispose();
    }
}
