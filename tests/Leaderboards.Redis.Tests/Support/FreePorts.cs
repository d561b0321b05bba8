using System.Net;
using System.Net.Sockets;

namespace Leaderboards.Redis.Tests.Support;

/// <summary>
/// Random free loopback ports in 20000-29999 whose +10000 neighbours (a cluster node's bus port) are free too.
/// Ports handed out in this process are not handed out again.
/// </summary>
internal static class FreePorts
{
    private static readonly HashSet<int> s_given = [];

    /// <summary>A base port such that base..base+count-1 and their +10000 ports are all free.</summary>
    public static int Range(int count)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            int first = Random.Shared.Next(20000, 30000 - count);
            lock (s_given)
            {
                if (Enumerable.Range(first, count).Any(s_given.Contains))
                {
                    continue;
                }

                if (Enumerable.Range(first, count).All(p => IsFree(p) && IsFree(p + 10000)))
                {
                    s_given.UnionWith(Enumerable.Range(first, count));
                    return first;
                }
            }
        }

        throw new InvalidOperationException($"No {count} free ports found in 20000-29999.");
    }

    public static int One() => Range(1);

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
