using System.CommandLine;
using Leaderboards.Cli.Internal;
using Leaderboards.Contracts;
using Spectre.Console;

namespace Leaderboards.Cli.Commands;

/// <summary>boards list | create | delete.</summary>
internal static class BoardCommands
{
    public static Command Build(CliContext cli)
    {
        var boards = new Command("boards", "List, create, configure and delete boards");

        var list = new Command("list", "List boards with their configuration and entry count");
        cli.Action(list, async (_, client, ct) =>
        {
            var answer = await client.GetAsync("boards", ServerClient.Json.BoardsResponse, ct);
            var table = new Table().AddColumns("id", "name", "entries", "order", "policy", "rank mode", "partitions", "replicas", "public");
            foreach (var b in answer.Boards)
            {
                table.AddRow(WireText.Cell(b.Id), WireText.Cell(b.DisplayName), WireText.Cell(b.Entries), WireText.Cell(b.Order), WireText.Cell(b.UpdatePolicy),
                    WireText.Cell(b.RankMode), WireText.Cell(b.Partitions), WireText.Cell(b.Replicas), WireText.Cell(b.PublicRead));
            }
            cli.Console.Write(table);
        });

        var id = new Argument<string>("board") { Description = "Board id" };
        var name = new Option<string?>("--display-name") { Description = "A name for people" };
        var order = new Option<string?>("--order") { Description = "desc (higher first) or asc" };
        order.AcceptOnlyFromAmong("desc", "asc");
        var policy = new Option<string?>("--policy") { Description = "best, latest or sum" };
        policy.AcceptOnlyFromAmong("best", "latest", "sum");
        var rankMode = new Option<string?>("--rank-mode") { Description = "ordinal or competition" };
        rankMode.AcceptOnlyFromAmong("ordinal", "competition");
        var min = new Option<long?>("--min-score") { Description = "Lowest accepted score" };
        var max = new Option<long?>("--max-score") { Description = "Highest accepted score" };
        var partitions = new Option<int?>("--partitions") { Description = "Partitions (1..256)" };
        var replicas = new Option<int?>("--replicas") { Description = "Read replicas per partition (0..5)" };
        var isPublic = new Option<bool?>("--public") { Description = "Reads need no key" };
        var create = new Command("create", "Create a board, or change the given fields of an existing one") { id, name, order, policy, rankMode, min, max, partitions, replicas, isPublic };
        cli.Action(create, async (parse, client, ct) =>
        {
            // Options left out stay null, and null fields are not sent: the board keeps its current value for them.
            var body = new BoardRequest
            {
                DisplayName = parse.GetValue(name),
                Order = parse.GetValue(order),
                UpdatePolicy = parse.GetValue(policy),
                RankMode = parse.GetValue(rankMode),
                MinScore = parse.GetValue(min),
                MaxScore = parse.GetValue(max),
                Partitions = parse.GetValue(partitions),
                Replicas = parse.GetValue(replicas),
                PublicRead = parse.GetValue(isPublic),
            };
            string boardId = parse.GetValue(id)!;
            var board = await client.PutAsync($"boards/{Uri.EscapeDataString(boardId)}", body, ServerClient.Json.BoardRequest, ServerClient.Json.BoardResponse, ct);
            cli.Console.MarkupLineInterpolated(
                $"[green]board {boardId}[/]: {board.Order}, {board.UpdatePolicy}, {WireText.Of(board.Partitions)} partitions, {WireText.Of(board.Entries)} entries");
        });

        var delete = new Command("delete", "Delete a board and every entry on it") { id };
        cli.Action(delete, async (parse, client, ct) =>
        {
            string boardId = parse.GetValue(id)!;
            await client.DeleteAsync($"boards/{Uri.EscapeDataString(boardId)}", ct);
            cli.Console.MarkupLineInterpolated($"deleted board [bold]{boardId}[/]");
        });

        boards.Subcommands.Add(list);
        boards.Subcommands.Add(create);
        boards.Subcommands.Add(delete);
        return boards;
    }
}
