using Leaderboards.Server.Errors;
using Leaderboards.Service.Durability;

namespace Leaderboards.Server.Hosting;

/// <summary>Answers API requests with 503 and Retry-After until the service is ready; <c>/readyz</c> says which state it is in.</summary>
internal static class ReadinessGate
{
    public static IApplicationBuilder UseReadinessGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<Readiness>();
        return app.Use(async (context, next) =>
        {
            if (readiness.IsReady || !context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            context.Response.Headers.RetryAfter = "1";
            await ApiExceptionHandler.WriteAsync(context, Problems.NotReady, $"The service is {readiness.State}; retry shortly.");
        });
    }
}
