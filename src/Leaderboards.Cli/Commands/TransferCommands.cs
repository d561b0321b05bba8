using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leaderboards.Cli.Internal;
using Leaderboards.Contracts;
using Spectre.Console;

namespace Leaderboards.Cli.Commands;

/// <summary>import and export of a board, NDJSON or CSV (playerId,score[,subscore]), with progress bars.</summary>
internal static class TransferCommands
{
    private const int LinesPerRequest = 50_000;

    public static IEnumerable<Command> Build(CliContext cli)
    {
        var board = new Argument<string>("board") { Description = "Board id" };
        var file = new Argument<FileInfo>("file") { Description = "The file to read or write" };
        var format = new Option<string?>("--format") { Description = "ndjson or csv (default: from the file name)" };
        format.AcceptOnlyFromAmong("ndjson", "csv");

        var import = new Command("import", "Submit every line of a file to a board, in chunks, with a progress bar") { board, file, format };
        cli.Action(import, (parse, client, ct) => ImportAsync(cli, client, parse.GetValue(board)!, parse.GetValue(file)!, FormatOf(parse.GetValue(format), parse.GetValue(file)!), ct));

        var export = new Command("export", "Write every entry of a board to a file, in rank order, with a progress bar") { board, file, format };
        cli.Action(export, (parse, client, ct) => ExportAsync(cli, client, parse.GetValue(board)!, parse.GetValue(file)!, FormatOf(parse.GetValue(format), parse.GetValue(file)!), ct));
        return [import, export];
    }

    private static string FormatOf(string? format, FileInfo file) =>
        format ?? (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "ndjson");

    private static async Task ImportAsync(CliContext cli, ServerClient client, string boardId, FileInfo file, string format, CancellationToken ct)
    {
        if (!file.Exists)
            throw new CliException($"{file.FullName} does not exist", 5);
        long imported = 0, lineNumber = 0;
        await cli.Console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"import {file.Name}", maxValue: Math.Max(1, file.Length));
                using var stream = file.OpenRead();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var chunk = new StringBuilder();
                int lines = 0;
                string? line;
                while ((line = await reader.ReadLineAsync(ct)) is not null)
                {
                    lineNumber++;
                    if (line.Length == 0)
                        continue;
                    string? json = format == "csv" ? CsvLine(line, lineNumber) : line;
                    if (json is null)
                        continue;
                    chunk.Append(json).Append('\n');
                    if (++lines == LinesPerRequest)
                    {
                        imported += await SendAsync(client, boardId, chunk, lineNumber - lines, ct);
                        chunk.Clear();
                        lines = 0;
                        task.Value = stream.Position;
                    }
                }
                if (lines > 0)
                    imported += await SendAsync(client, boardId, chunk, lineNumber - lines, ct);
                task.Value = task.MaxValue;
            });
        cli.Console.MarkupLineInterpolated($"[green]imported {imported:N0} entries[/] into {boardId} from {lineNumber:N0} lines");
    }

    private static async Task<long> SendAsync(ServerClient client, string boardId, StringBuilder chunk, long linesBefore, CancellationToken ct)
    {
        var content = new StringContent(chunk.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        try
        {
            var answer = await client.SendAsync(HttpMethod.Post, $"boards/{Uri.EscapeDataString(boardId)}/import", content, ServerClient.Json.ImportResponse, ct);
            return answer.Imported;
        }
        catch (CliException e) when (linesBefore > 0)
        {
            throw new CliException($"{e.Message} (line numbers count from line {linesBefore + 1} of the file)", e.ExitCode);
        }
    }

    /// <summary>playerId,score[,subscore] to an NDJSON line; a first line that is a header is skipped.</summary>
    private static string? CsvLine(string line, long lineNumber)
    {
        var fields = Csv.Split(line, lineNumber);
        if (lineNumber == 1 && fields.Count >= 2 && fields[0].Equals("playerId", StringComparison.OrdinalIgnoreCase))
            return null;
        if (fields.Count is < 2 or > 3)
            throw new CliException($"line {lineNumber}: expected playerId,score[,subscore], got {fields.Count} fields", 5);
        if (!long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long score))
            throw new CliException($"line {lineNumber}: score '{fields[1]}' is not an integer", 5);
        long? subscore = null;
        if (fields.Count == 3 && fields[2].Length > 0)
        {
            if (!long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long s))
                throw new CliException($"line {lineNumber}: subscore '{fields[2]}' is not an integer", 5);
            subscore = s;
        }
        // A subscore left empty is left out of the line, as it is null.
        return JsonSerializer.Serialize(new ImportLine { PlayerId = fields[0], Score = score, Subscore = subscore }, ServerClient.Json.ImportLine);
    }

    private static async Task ExportAsync(CliContext cli, ServerClient client, string boardId, FileInfo file, string format, CancellationToken ct)
    {
        string path = Uri.EscapeDataString(boardId);
        long total = (await client.GetAsync($"boards/{path}", ServerClient.Json.BoardResponse, ct)).Entries;
        long written = 0;
        await cli.Console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"export {boardId}", maxValue: Math.Max(1, total));
                using var request = new HttpRequestMessage(HttpMethod.Get, $"boards/{path}/export");
                using var response = await client.SendRawAsync(request, ct, HttpCompletionOption.ResponseHeadersRead);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
                string temporary = file.FullName + ".partial";
                await using (var output = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
                {
                    if (format == "csv")
                        await output.WriteLineAsync("playerId,score,subscore,updatedAt");
                    string? line;
                    while ((line = await reader.ReadLineAsync(ct)) is not null)
                    {
                        if (line.Length == 0)
                            continue;
                        if (format == "csv")
                        {
                            var e = JsonSerializer.Deserialize(line, ServerClient.Json.ImportLine)!;
                            await output.WriteLineAsync(string.Join(',', Csv.Field(WireText.Of(e.PlayerId)), WireText.Of(e.Score), WireText.Of(e.Subscore), WireText.Of(e.UpdatedAt)));
                        }
                        else
                            await output.WriteLineAsync(line);
                        if (++written % 10_000 == 0)
                            task.Value = Math.Min(written, total);
                    }
                }
                File.Move(temporary, file.FullName, overwrite: true);
                task.Value = task.MaxValue;
            });
        cli.Console.MarkupLineInterpolated($"[green]exported {written:N0} entries[/] of {boardId} to {file.FullName}");
    }
}
