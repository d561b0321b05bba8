using System.Buffers;
using System.Text.Json;
using Leaderboards.Contracts;
using Leaderboards.Engine;
using Leaderboards.Server.Api.Internal;
using Leaderboards.Server.Errors;
using Leaderboards.Server.Observability;
using Leaderboards.Server.Security;
using Leaderboards.Service.Boards;
using Leaderboards.Service.Catalog;
using Leaderboards.Service.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leaderboards.Server.Api;

/// <summary>
/// Moving a board between servers, or warming it from a game's own database: NDJSON, one entry per line,
/// <c>{"playerId":..,"score":..,"subscore":..,"metadata":..}</c>.
/// </summary>
public static partial class TransferApi
{
    public const string NdjsonType = "application/x-ndjson";
    private const int ImportChunk = 10_000;
    private const int ExportChunk = 1_000;

    public static RouteGroupBuilder MapTransferApi(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/boards/{boardId}").WithTags("Transfer");

        board.MapGet("/export", ExportAsync)
            .Requires(Policies.Read)
            .WithName("ExportBoard")
            .WithSummary("Every entry in rank order as NDJSON (playerId, score, subscore, updatedAt, metadata), streamed")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.SeasonNotFound);

        board.MapPost("/import", ImportAsync)
            .Requires(Policies.Write)
            .Accepts<ImportLine>(NdjsonType)
            .WithName("ImportBoard")
            .WithSummary("Submit scores from an NDJSON body of any size, in chunks of 10,000 under the board's policy; a bad line stops the import and is named")
            .OnBoard()
            .Fails(Problems.InvalidField, Problems.UnsupportedMediaType, Problems.StorageUnavailable);

        return api;
    }

    private static async Task ExportAsync(string boardId, HttpContext context, BoardCatalog catalog, LeaderboardsMetrics metrics)
    {
        metrics.Query("export");
        var consistency = QueryParameters.Consistency(context.Request);
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var board = await QueryParameters.SeasonBoardAsync(context.Request, lease, context.RequestAborted);
        context.Response.ContentType = NdjsonType;
        var output = context.Response.BodyWriter;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        for (long offset = 0; ; offset += ExportChunk)
        {
            var page = await board.PageAsync(offset, ExportChunk, consistency, context.RequestAborted);
            foreach (var entry in page)
            {
                json.WriteStartObject();
                json.WriteString("playerId", entry.PlayerId);
                json.WriteNumber("score", entry.Score);
                json.WriteNumber("subscore", entry.Subscore);
                json.WriteString("updatedAt", entry.UpdatedAt);
                if (entry.Metadata is { } metadata)
                {
                    json.WritePropertyName("metadata");
                    json.WriteRawValue(metadata, skipInputValidation: true);
                }
                json.WriteEndObject();
                json.Flush();
                output.Write("\n"u8);
                json.Reset(output);
            }
            await output.FlushAsync(context.RequestAborted);
            if (page.Count < ExportChunk)
                return;
        }
    }

    private static async Task<Ok<ImportResponse>> ImportAsync(string boardId, HttpContext context, BoardCatalog catalog, ILoggerFactory loggers, LeaderboardsMetrics metrics)
    {
        if (context.Request.ContentType is not { } type || !(type.StartsWith(NdjsonType, StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
            throw HttpProblemException.UnsupportedMediaType(NdjsonType);
        // An import may be far larger than an ordinary request.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
        var logger = loggers.CreateLogger("Leaderboards.Import");
        var started = TimeProvider.System.GetTimestamp();
        using var lease = await catalog.EnterAsync(boardId, context.RequestAborted);
        var reader = context.Request.BodyReader;
        var chunk = new List<ScoreSubmission>(ImportChunk);
        long line = 0, imported = 0;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            while (TryTakeLine(ref buffer, result.IsCompleted, out var text))
            {
                line++;
                if (IsBlank(text))
                    continue;
                chunk.Add(ParseLine(text, line, imported));
                if (chunk.Count == ImportChunk)
                {
                    imported += await ApplyAsync((await lease.Handle.CurrentSeasonAsync(context.RequestAborted)).Board, chunk, line, imported, context.RequestAborted);
                    if (imported % 100_000 == 0)
                        Log.Progress(logger, boardId, imported);
                }
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                break;
        }
        imported += await ApplyAsync((await lease.Handle.CurrentSeasonAsync(context.RequestAborted)).Board, chunk, line, imported, context.RequestAborted);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        metrics.ScoresSubmitted(boardId, (int)Math.Min(imported, int.MaxValue));
        Log.Done(logger, boardId, imported, elapsed);
        return TypedResults.Ok(new ImportResponse(imported, line, elapsed.TotalMilliseconds));
    }

    private static async Task<long> ApplyAsync(IRankedBoard board, List<ScoreSubmission> chunk, long line, long imported, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
            return 0;
        try
        {
            int count = await board.ImportAsync(chunk.ToArray(), cancellationToken);
            chunk.Clear();
            return count;
        }
        catch (LeaderboardValidationException e)
        {
            // entries[i].field: i counts within this chunk, which ends at `line`.
            throw new InvalidFieldException("body", $"An entry among the {chunk.Count} lines ending at line {line} is invalid ({e.Field}: {e.Message}); {imported} entries before them were imported.");
        }
    }

    private static ScoreSubmission ParseLine(ReadOnlySequence<byte> text, long line, long imported)
    {
        ImportLine request;
        try
        {
            request = RequestBody.Deserialize(text.IsSingleSegment ? text.FirstSpan : text.ToArray(), LeaderboardsJsonContext.Default.ImportLine);
        }
        catch (InvalidFieldException e)
        {
            throw new InvalidFieldException($"line {line}", $"Line {line}: {e.Message} {imported} entries before the chunk holding it were imported.");
        }
        if (request.PlayerId is null || request.Score is null)
            throw new InvalidFieldException($"line {line}", $"Line {line} needs playerId and score; {imported} entries before the chunk holding it were imported.");
        return Submissions.From(request.PlayerId, request.Score, request.Subscore, request.Metadata);
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is { } position)
        {
            line = buffer.Slice(0, position);
            buffer = buffer.Slice(buffer.GetPosition(1, position));
            return true;
        }
        if (completed && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }
        line = default;
        return false;
    }

    private static bool IsBlank(ReadOnlySequence<byte> text)
    {
        foreach (var segment in text)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
                return false;
        }
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Import into {BoardId}: {Imported} entries so far")]
        public static partial void Progress(ILogger logger, string boardId, long imported);

        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Import into {BoardId} done: {Imported} entries in {Elapsed}")]
        public static partial void Done(ILogger logger, string boardId, long imported, TimeSpan elapsed);
    }
}
