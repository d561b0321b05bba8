using Leaderboards.Server.Errors;
using Leaderboards.Service.Durability;

namespace Leaderboards.Server.Hosting;

/// <summary>Answers API requests with 503 and Retry-After until the service is ready; <c>/readyz</c> says which state it is in.</summary>
internal static class ReadinessGate
{
    public static IApplicationBuilder UseReadinessGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<Readiness>();
        // Not an async lambda: a ready service passes every request on without a state machine of its own.
        return app.Use((context, next) =>
        {
            if (readiness.IsReady || !context.Request.Path.StartsWithSegments("/api"))
                return next(context);
            context.Response.Headers.RetryAfter = "1";
            return ApiExceptionHandler.WriteAsync(context, Problems.NotReady, $"The service is {readiness.State}; retry shortly.").AsTask();
        });
    }
}
