using System.CommandLine;
using Leaderboards.Cli.Internal;
using Spectre.Console;

namespace Leaderboards.Cli.Commands;

/// <summary>top and rank.</summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Build(CliContext cli)
    {
        var board = new Argument<string>("board") { Description = "Board id" };
        var limit = new Option<int>("--limit", "-n") { Description = "How many (1..1000)", DefaultValueFactory = _ => 10 };
        var top = new Command("top", "The first entries by rank") { board, limit };
        cli.Action(top, async (parse, client, ct) =>
        {
            var answer = await client.GetAsync($"boards/{Uri.EscapeDataString(parse.GetValue(board)!)}/top?limit={parse.GetValue(limit)}", ServerClient.Json.TopResponse, ct);
            var table = new Table().AddColumns("rank", "player", "score", "subscore");
            foreach (var e in answer.Entries)
                table.AddRow(WireText.Cell(e.Rank), WireText.Cell(e.PlayerId), WireText.Cell(e.Score), WireText.Cell(e.Subscore));
            cli.Console.Write(table);
            cli.Console.MarkupLineInterpolated($"[grey]{WireText.Of(answer.Total)} players[/]");
        });

        var player = new Argument<string>("player") { Description = "Player id" };
        var rank = new Command("rank", "A player's rank, score and percentile") { board, player };
        cli.Action(rank, async (parse, client, ct) =>
        {
            var p = await client.GetAsync($"boards/{Uri.EscapeDataString(parse.GetValue(board)!)}/players/{Uri.EscapeDataString(parse.GetValue(player)!)}",
                ServerClient.Json.PlayerResponse, ct);
            cli.Console.MarkupLineInterpolated(
                $"[bold]{p.PlayerId}[/]: rank {WireText.Of(p.Rank)} of {WireText.Of(p.Total)}, score {WireText.Of(p.Score)}, percentile {WireText.Of(p.Percentile)}");
        });
        return [top, rank];
    }
}
