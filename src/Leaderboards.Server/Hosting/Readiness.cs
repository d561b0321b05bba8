using Leaderboards.Server.Api.Internal;

namespace Leaderboards.Server.Hosting;

/// <summary>
/// Whether the service can answer: not until recovery has loaded every acknowledged change, and not while a restore swaps
/// the state. Meanwhile API requests get 503 with Retry-After; <c>/readyz</c> says which.
/// </summary>
public sealed class Readiness
{
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restoring;

    public bool IsReady => _recovered.Task.IsCompletedSuccessfully && Volatile.Read(ref _restoring) == 0;

    public string State => _recovered.Task.Status switch
    {
        TaskStatus.RanToCompletion => Volatile.Read(ref _restoring) == 0 ? "ready" : "restoring",
        TaskStatus.Faulted => "failed",
        _ => "recovering",
    };

    /// <summary>Completes when recovery is done; faults when it failed.</summary>
    public Task Recovered => _recovered.Task;

    public void SetRecovered() => _recovered.TrySetResult();

    public void SetFailed(Exception error) => _recovered.TrySetException(error);

    public void BeginRestore() => Interlocked.Increment(ref _restoring);

    public void EndRestore() => Interlocked.Decrement(ref _restoring);

    /// <summary>Answers API requests with 503 until the service is ready.</summary>
    public async Task GateAsync(HttpContext context, Func<Task> next)
    {
        if (IsReady || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next();
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiExceptionHandler.Describe(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready",
                $"The service is {State}; retry shortly.", null),
        });
    }
}
