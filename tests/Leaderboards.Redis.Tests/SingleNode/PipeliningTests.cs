using System.Globalization;
using Leaderboards.Redis.Tests.Support;

namespace Leaderboards.Redis.Tests.SingleNode;

/// <summary>Many callers over one multiplexed connection each get their own answers, in their order.</summary>
[Trait("Category", "Redis")]
public sealed class PipeliningTests(SingleNodeFixture fixture) : IClassFixture<SingleNodeFixture>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SixtyFourCallers_Pipelining100kCommands_GetTheirOwnAnswersInOrder(RedisProtocol protocol)
    {
        const int callers = 64;
        const int perCaller = 100_000 / callers + 1;
        const int window = 64;
        await using RedisClient client = await fixture.ConnectAsync(protocol, o => o.CommandTimeout = TimeSpan.FromSeconds(30));
        string run = Guid.NewGuid().ToString("N");

        // Each caller keeps `window` commands in flight: INCR on its own counter (whose answers must be 1, 2, 3, ...
        // in order) interleaved with ECHO of its own text.
        long[] completed = new long[callers];
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            string counter = $"pipe:{run}:{caller}";
            var inFlight = new Queue<(int Index, ValueTask<long> Incr, ValueTask<RedisResult> Echo)>();
            for (int i = 0; i < perCaller; i += 2)
            {
                inFlight.Enqueue((i, client.IncrByAsync(counter), client.ExecuteAsync("ECHO", $"{caller}:{i}")));
                if (inFlight.Count >= window / 2)
                {
                    await CheckAsync(inFlight.Dequeue());
                }
            }

            while (inFlight.Count > 0)
            {
                await CheckAsync(inFlight.Dequeue());
            }

            async Task CheckAsync((int Index, ValueTask<long> Incr, ValueTask<RedisResult> Echo) sent)
            {
                Assert.Equal((sent.Index / 2) + 1, await sent.Incr);
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{caller}:{sent.Index}"), (await sent.Echo).ToString());
                completed[caller] += 2;
            }
        })));

        Assert.True(completed.Sum() >= 100_000);
    }
}
