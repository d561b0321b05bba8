using System.Diagnostics;
using System.Globalization;
using Leaderboards.Testing;

namespace Leaderboards.Redis.Tests.Support;

/// <summary>
/// A 6-node Redis Cluster (3 masters, 3 replicas, cluster-node-timeout 2000 ms) started with
/// <c>deploy/redis-cluster.sh up</c> on free ports in a temporary directory, and stopped with <c>down</c>, which
/// kills every node by its pid file and waits for it. The nodes are daemons started from this process, so they
/// carry its environment.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int Nodes = 6;

    private readonly string _directory = Tools.NewTempDirectory("lb-redis-cluster");
    private RedisClient? _client;

    public int BasePort { get; } = FreePorts.Range(Nodes);

    public IEnumerable<RedisEndpoint> Endpoints => Enumerable.Range(BasePort, Nodes).Select(p => new RedisEndpoint("127.0.0.1", p));

    /// <summary>A client shared by the tests of a class.</summary>
    public RedisClient Client => _client ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync()
    {
        RequiredTool.Find("redis-server");
        RequiredTool.Find("redis-cli");
        AppDomain.CurrentDomain.ProcessExit += KillNodes;
        await RunScriptAsync("up");
        _client = await ConnectAsync();
    }

    public Task<RedisClient> ConnectAsync(Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions
        {
            CommandTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            TopologyRefreshInterval = TimeSpan.FromSeconds(2),
        };
        options.Endpoints.Add(new RedisEndpoint("127.0.0.1", BasePort));
        configure?.Invoke(options);
        return RedisClient.ConnectAsync(options);
    }

    /// <summary>The pid of the node on <paramref name="port"/>, from its pid file.</summary>
    public int PidOf(int port) => int.Parse(File.ReadAllText(Path.Combine(_directory, port.ToString(CultureInfo.InvariantCulture), "redis.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Runs redis-cli with the given arguments and returns its output (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<string> RedisCliAsync(TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(RequiredTool.Find("redis-cli")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return await RunAsync(info, timeout);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await RunScriptAsync("down");
        AppDomain.CurrentDomain.ProcessExit -= KillNodes;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node still flushing a file at exit; the temporary directory is cleaned by the system.
        }
    }

    /// <summary>Last resort when the test host exits with the fixture undisposed: SIGKILL every node by its pid file.</summary>
    private void KillNodes(object? sender, EventArgs e)
    {
        foreach (string pidFile in Directory.EnumerateFiles(_directory, "redis.pid", SearchOption.AllDirectories))
        {
            try
            {
                using Process node = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
                if (node.ProcessName.StartsWith("redis-server", StringComparison.Ordinal))
                {
                    node.Kill();
                }
            }
            catch (Exception failure) when (failure is ArgumentException or InvalidOperationException or FormatException or IOException)
            {
                // Gone already, or the file was half-written.
            }
        }
    }

    /// <summary>Starts a stopped node again from its own data (<c>deploy/redis-cluster.sh start-node</c>), as a supervisor would.</summary>
    public Task StartNodeAsync(int port) => RunScriptAsync("start-node", port.ToString(CultureInfo.InvariantCulture));

    private async Task RunScriptAsync(string command, string? argument = null)
    {
        var info = new ProcessStartInfo(RequiredTool.Find("bash")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(Tools.RepositoryRoot(), "deploy", "redis-cluster.sh"));
        info.ArgumentList.Add(command);
        if (argument is not null)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["REDIS_CLUSTER_PORT"] = BasePort.ToString(CultureInfo.InvariantCulture);
        info.Environment["REDIS_CLUSTER_DIR"] = _directory;
        await RunAsync(info, TimeSpan.FromSeconds(90));
    }

    private static async Task<string> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = info };
        ChildProcesses.Start(process);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await ChildProcesses.KillAsync(process);
            throw new TimeoutException($"{Path.GetFileName(info.FileName)} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(info.FileName)} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await output} {await error}");
        }

        return await output;
    }
}
