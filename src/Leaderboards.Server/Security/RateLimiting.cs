using System.Globalization;
using System.Threading.RateLimiting;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Settings;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Security;

/// <summary>
/// Token buckets per API key (a key may carry its own limit) and per client address for anonymous reads. A refused request
/// gets 429 with Retry-After and a problem body.
/// </summary>
internal static class RateLimiting
{
    public static void Configure(RateLimiterOptions options, RateLimitOptions limits)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (context.Features.Get<PresentedCredential>()?.Key is { } key)
            {
                int permits = PermitsFor(key, limits);
                return permits <= 0
                    ? RateLimitPartition.GetNoLimiter(KeyIdentity.Of(key).RateLimitPartition)
                    : RateLimitPartition.GetTokenBucketLimiter(KeyIdentity.Of(key).RateLimitPartition,
                        _ => Bucket(permits, Math.Max(permits, limits.Burst), limits.Period));
            }
            if (limits.AnonymousPermitsPerPeriod <= 0)
                return RateLimitPartition.GetNoLimiter("anonymous");
            string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetTokenBucketLimiter("ip:" + address,
                _ => Bucket(limits.AnonymousPermitsPerPeriod, Math.Max(limits.AnonymousPermitsPerPeriod, limits.AnonymousBurst), limits.Period));
        });
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Period;
            int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiExceptionHandler.WriteAsync(context, Problems.RateLimited, $"This caller's rate limit is used up; retry after {seconds} s.");
        };
    }

    /// <summary>
    /// The rate limiter, for every request but those with a key that has no limit: the limiter could only grant them,
    /// and its lease and bookkeeping would cost more than such a request's own work.
    /// </summary>
    public static IApplicationBuilder UseKeyRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value.RateLimits;
        return app.UseWhen(
            context => context.Features.Get<PresentedCredential>()?.Key is not { } key || PermitsFor(key, limits) > 0,
            limited => limited.UseRateLimiter());
    }

    /// <summary>A key's permits a period: its own, else the default; 0 or less is no limit.</summary>
    private static int PermitsFor(ApiKey key, RateLimitOptions limits) => key.PermitsPerPeriod ?? limits.PermitsPerPeriod;

    private static TokenBucketRateLimiterOptions Bucket(int permitsPerPeriod, int burst, TimeSpan period) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = permitsPerPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
