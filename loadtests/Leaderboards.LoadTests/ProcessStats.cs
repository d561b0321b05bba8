namespace Leaderboards.LoadTests;

/// <summary>CPU time and resident memory of another process, from /proc (Linux).</summary>
internal sealed record ProcessStats(double CpuSeconds, double RssMiB)
{
    public static ProcessStats? Read(int? pid)
    {
        if (pid is not { } id || !File.Exists($"/proc/{id}/stat"))
            return null;
        string[] stat = File.ReadAllText($"/proc/{id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command name: fields 14 and 15 of stat (utime, stime) are at 11 and 12 here, in clock ticks (100 Hz).
        double cpu = (long.Parse(stat[11]) + long.Parse(stat[12])) / 100.0;
        long rssKiB = File.ReadAllLines($"/proc/{id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();
        return new ProcessStats(cpu, rssKiB / 1024.0);
    }

    public static double? CpuPercent(ProcessStats? before, ProcessStats? after, TimeSpan elapsed) =>
        before is null || after is null ? null : 100 * (after.CpuSeconds - before.CpuSeconds) / elapsed.TotalSeconds;
}
