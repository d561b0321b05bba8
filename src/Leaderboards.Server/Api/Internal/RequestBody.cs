using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Settings;
using Leaderboards.Service.Errors;
using Microsoft.Extensions.Options;

namespace Leaderboards.Server.Api.Internal;

/// <summary>
/// Reads a JSON request body with the checks every write endpoint shares: the content type (415), the size limit (413,
/// counted while reading, so a chunked body cannot slip past it) and well-formed JSON whose errors name the field (400).
/// </summary>
internal static class RequestBody
{
    public static async ValueTask<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            throw HttpProblemException.UnsupportedMediaType();

        long limit = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
            throw HttpProblemException.TooLarge(limit);

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, Math.Max(request.ContentLength ?? 4096, 256)));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                        throw HttpProblemException.TooLarge(limit);
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                    break;
                length += read;
                if (length > limit)
                    throw HttpProblemException.TooLarge(limit);
                // The server holds a body to its declared length: once that much is read, asking for the end is one
                // more trip through the request pipe for nothing.
                if (length == request.ContentLength)
                    break;
            }
            if (length == 0)
                throw new InvalidFieldException("body", "A JSON request body is required.");
            return Deserialize(buffer.AsSpan(0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new InvalidFieldException("body", "The request body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new InvalidFieldException(FieldOf(e.Path), Explain(e));
        }
    }

    /// <summary>"$.entries[3].score" becomes "entries[3].score"; the document root is "body".</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" or "" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Explain(JsonException e)
    {
        string field = FieldOf(e.Path);
        string message = e.Message;
        if (message.Contains("could not be converted to", StringComparison.Ordinal) && message.Contains("Int64", StringComparison.Ordinal))
            return $"{field} must be an integer between {long.MinValue} and {long.MaxValue}.";
        if (message.Contains("could not be converted to", StringComparison.Ordinal) && message.Contains("Int32", StringComparison.Ordinal))
            return $"{field} must be an integer between {int.MinValue} and {int.MaxValue}.";
        if (message.Contains("could not be converted to", StringComparison.Ordinal) && message.Contains("Boolean", StringComparison.Ordinal))
            return $"{field} must be true or false.";
        if (message.Contains("could not be converted to System.String", StringComparison.Ordinal))
            return $"{field} must be a string.";
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"{field} is not a field this request accepts.";
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "The body is not valid JSON for this request: " + (cut > 0 ? message[..cut] : message);
    }
}
