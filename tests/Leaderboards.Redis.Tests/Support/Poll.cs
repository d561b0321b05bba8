using System.Diagnostics;

namespace Leaderboards.Redis.Tests.Support;

/// <summary>Waits for a condition of the servers with a bounded deadline (for states Redis offers no signal for).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}. {last?.Message}");
    }
}
