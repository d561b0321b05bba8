using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leaderboards.Testing;

/// <summary>
/// Every process a test starts, so that none outlives the run: its owner kills it with its whole process tree when
/// disposed, pass or fail, and whatever is still registered when the test host exits (a fixture that failed half-way,
/// a test that timed out) is killed then.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<Process, bool> s_live = new();

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    /// <summary>Starts <paramref name="process"/> (its handlers already attached) and registers it until it is killed.</summary>
    public static void Start(Process process)
    {
        RequiredTool.Find(process.StartInfo.FileName);
        // A child that ends on its own (a script, a short tool) needs no killing: it leaves the registry then.
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => s_live.TryRemove(process, out _);
        s_live[process] = true;
        try
        {
            process.Start();
        }
        catch
        {
            s_live.TryRemove(process, out _);
            throw;
        }
    }

    /// <summary>SIGKILL to the process and every descendant, then waits (bounded) until it is gone.</summary>
    public static async Task KillAsync(Process process)
    {
        KillTree(process);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            s_live.TryRemove(process, out _);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited, or never started.
        }
    }

    private static void KillAll()
    {
        foreach (var process in s_live.Keys)
            KillTree(process);
    }
}
