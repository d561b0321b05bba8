using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Leaderboards.Server.Errors;

/// <summary>Turns every refusal into its RFC 9457 problem response (<see cref="Problems.Of"/>); anything else is a 500 and is logged.</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is no one to answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        ProblemDetails details;
        if (Problems.Of(exception) is var (problem, detail, field))
        {
            details = Describe(problem, detail, field);
            // Not ready, or storage failing (disk full, I/O error): nothing was acknowledged; retrying later is safe.
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
                httpContext.Response.Headers.RetryAfter = "1";
        }
        else
        {
            Log.Unhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            details = Describe(Problems.Internal, "The server failed to handle the request; nothing was acknowledged.", null);
        }

        httpContext.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = details,
            Exception = exception,
        });
    }

    /// <summary>The problem body; a field error also names the field, in <c>field</c> and in <c>errors</c>.</summary>
    public static ProblemDetails Describe(Problem problem, string detail, string? field)
    {
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Type = problem.Type,
            Title = problem.Title,
            Detail = detail,
        };
        if (field is not null)
        {
            details.Extensions["field"] = field;
            details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        return details;
    }

    /// <summary>Writes a problem response outside the exception path (authentication, rate limits, readiness).</summary>
    public static ValueTask WriteAsync(HttpContext context, Problem problem, string detail)
    {
        context.Response.StatusCode = problem.Status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Describe(problem, detail, null),
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error for {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
