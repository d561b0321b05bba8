using System.Diagnostics;
using System.Net.Sockets;
using Leaderboards.Testing;

namespace Leaderboards.Redis.Tests.Support;

/// <summary>
/// One <c>redis-server</c> on 127.0.0.1, in the foreground (not daemonized) so that it is this process's child and
/// inherits its environment, with its data in a temporary directory. Disposing kills it with its process tree and
/// waits until it has exited, whatever the tests did.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public RedisEndpoint Endpoint => new("127.0.0.1", Port);

    /// <summary>Starts the server with extra arguments and waits (bounded) until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync(IEnumerable<string>? arguments = null, int? port = null, bool plainPort = true)
    {
        string executable = RequiredTool.Find("redis-server");
        int chosen = port ?? FreePorts.One();
        string directory = Tools.NewTempDirectory("lb-redis");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--bind", "127.0.0.1", "--port", plainPort ? chosen.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            "--dir", directory, "--save", "", "--enable-debug-command", "local", "--appendonly", "no", "--logfile", Path.Combine(directory, "redis.log") })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        ChildProcesses.Start(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, chosen, directory);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(process.HasExited ? throw new InvalidOperationException(server.Log()) : Listening(chosen)),
                TimeSpan.FromSeconds(20), $"redis-server listens on {chosen}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The server's log so far, for failure messages.</summary>
    public string Log()
    {
        string path = Path.Combine(Directory, "redis.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillAsync(_process);
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
