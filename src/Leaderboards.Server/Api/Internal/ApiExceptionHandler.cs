using Leaderboards.Engine;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Leaderboards.Server.Api.Internal;

/// <summary>Turns every caller error into an RFC 9457 problem response; anything else is a 500 and is logged.</summary>
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

        var problem = exception switch
        {
            ApiProblemException p => Describe(p.Status, p.Kind, p.Title, p.Message, p.Field),
            LeaderboardValidationException v => Describe(StatusCodes.Status400BadRequest, "invalid-field", "Invalid request", v.Message, v.Field),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Describe(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large", "The request body is larger than the server accepts.", null),
            BadHttpRequestException b => Describe(b.StatusCode, "bad-request", "Bad request", b.Message, null),
            Leaderboards.Storage.LogUnavailableException u => Unavailable(httpContext, u.Message),
            _ => null,
        };
        if (problem is null)
        {
            Log.Unhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = Describe(StatusCodes.Status500InternalServerError, "internal", "Internal error",
                "The server failed to handle the request; nothing was acknowledged.", null);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Unavailable(HttpContext context, string detail)
    {
        // Storage is failing (disk full, I/O error): nothing was acknowledged; retrying later is safe.
        context.Response.Headers.RetryAfter = "1";
        return Describe(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage unavailable", detail, null);
    }

    public static ProblemDetails Describe(int status, string kind, string title, string detail, string? field)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = ProblemTypes.For(kind),
            Title = title,
            Detail = detail,
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        return problem;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error for {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
