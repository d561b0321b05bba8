using System.Diagnostics;
using System.Globalization;
using Leaderboards.Redis;

// Drives ZADD or ZREVRANK on one sorted set through Leaderboards.Redis, from CALLERS concurrent callers sharing the
// client's one multiplexed connection, each keeping INFLIGHT commands outstanding. Members are the 12-digit ids
// redis-benchmark's __rand_int__ produces (uniform in [0, MEMBERS)), so both drivers touch the same members.
// Stops after REQUESTS commands or SECONDS seconds, whichever comes first, and prints one line:
//   <command> inflight=<n> requests=<completed> seconds=<elapsed> rps=<rate>
//
// Usage: Leaderboards.RedisBench PORT zadd|zrevrank CALLERS INFLIGHT REQUESTS SECONDS MEMBERS [KEY]
if (args.Length < 7)
{
    Console.Error.WriteLine("usage: Leaderboards.RedisBench PORT zadd|zrevrank CALLERS INFLIGHT REQUESTS SECONDS MEMBERS [KEY]");
    return 2;
}

int port = int.Parse(args[0], CultureInfo.InvariantCulture);
string command = args[1];
int callers = int.Parse(args[2], CultureInfo.InvariantCulture);
int inFlight = int.Parse(args[3], CultureInfo.InvariantCulture);
long requests = long.Parse(args[4], CultureInfo.InvariantCulture);
var limit = TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture));
int members = int.Parse(args[6], CultureInfo.InvariantCulture);
string key = args.Length > 7 ? args[7] : "lb";

var options = new RedisOptions { CommandTimeout = TimeSpan.FromSeconds(30), ClientName = "redisbench" };
options.Endpoints.Add(new RedisEndpoint("127.0.0.1", port));
await using RedisClient client = await RedisClient.ConnectAsync(options);

// Warm-up: JIT and connection, not counted.
for (int i = 0; i < 2000; i++)
{
    await client.ZRevRankAsync(key, i.ToString("D12", CultureInfo.InvariantCulture));
}

long issued = 0;
long completed = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(() => command == "zadd"
    ? RunAsync(caller, (random, member) => client.ZAddAsync(key, member, random.Next(1_000_000_000)))
    : RunAsync(caller, (_, member) => client.ZRevRankAsync(key, member)))));
clock.Stop();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{command} inflight={inFlight} requests={completed} seconds={clock.Elapsed.TotalSeconds:0.00} rps={completed / clock.Elapsed.TotalSeconds:0}"));
return 0;

// One caller: keeps `inFlight` commands outstanding, awaiting the oldest before sending the next.
async Task RunAsync<T>(int caller, Func<Random, string, ValueTask<T>> send)
{
    var random = new Random(caller);
    var window = new Queue<ValueTask<T>>(inFlight);
    while (clock.Elapsed < limit && Interlocked.Increment(ref issued) <= requests)
    {
        window.Enqueue(send(random, random.Next(members).ToString("D12", CultureInfo.InvariantCulture)));
        if (window.Count >= inFlight)
        {
            await window.Dequeue();
            Interlocked.Increment(ref completed);
        }
    }

    while (window.Count > 0)
    {
        await window.Dequeue();
        Interlocked.Increment(ref completed);
    }
}
