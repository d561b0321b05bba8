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
            var answer = await client.GetAsync($"boards/{Uri.EscapeDataString(parse.GetValue(board)!)}/top?limit={parse.GetValue(limit)}", ct);
            var table = new Table().AddColumns("rank", "player", "score", "subscore");
            foreach (var e in answer!["entries"]!.AsArray())
                table.AddRow(BoardCommands.Text(e!["rank"]), BoardCommands.Text(e["playerId"]), BoardCommands.Text(e["score"]), BoardCommands.Text(e["subscore"]));
            cli.Console.Write(table);
            cli.Console.MarkupLineInterpolated($"[grey]{answer["total"]} players[/]");
        });

        var player = new Argument<string>("player") { Description = "Player id" };
        var rank = new Command("rank", "A player's rank, score and percentile") { board, player };
        cli.Action(rank, async (parse, client, ct) =>
        {
            var p = await client.GetAsync($"boards/{Uri.EscapeDataString(parse.GetValue(board)!)}/players/{Uri.EscapeDataString(parse.GetValue(player)!)}", ct);
            cli.Console.MarkupLineInterpolated($"[bold]{p!["playerId"]}[/]: rank {p["rank"]} of {p["total"]}, score {p["score"]}, percentile {p["percentile"]}");
        });
        return [top, rank];
    }
}
