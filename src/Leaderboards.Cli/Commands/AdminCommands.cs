using System.CommandLine;
using Leaderboards.Cli.Internal;
using Spectre.Console;

namespace Leaderboards.Cli.Commands;

/// <summary>snapshot create | list | restore, and keys create | list | revoke.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> Build(CliContext cli)
    {
        var snapshot = new Command("snapshot", "Take, list and restore snapshots");
        var take = new Command("create", "Take a snapshot now (writes go on)");
        cli.Action(take, async (_, client, ct) =>
        {
            var s = await client.PostAsync("admin/snapshots", null, ct);
            cli.Console.MarkupLineInterpolated($"[green]snapshot {s!["id"]}[/]: {s["entries"]} entries, {s["bytes"]} bytes in {s["elapsedMs"]} ms");
        });
        var list = new Command("list", "Snapshots on the server, newest first");
        cli.Action(list, async (_, client, ct) =>
        {
            var answer = await client.GetAsync("admin/snapshots", ct);
            var table = new Table().AddColumns("id", "created", "bytes");
            foreach (var s in answer!["snapshots"]!.AsArray())
                table.AddRow(BoardCommands.Text(s!["id"]), BoardCommands.Text(s["createdAt"]), BoardCommands.Text(s["bytes"]));
            cli.Console.Write(table);
        });
        var id = new Argument<string>("id") { Description = "Snapshot id (from snapshot list)" };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation" };
        var restore = new Command("restore", "Replace every board and key on the server with a snapshot's") { id, yes };
        cli.Action(restore, async (parse, client, ct) =>
        {
            string snapshotId = parse.GetValue(id)!;
            if (!parse.GetValue(yes) && !cli.Console.Confirm($"Replace every board and key with snapshot {snapshotId}?", defaultValue: false))
                throw new CliException("not restored", 1);
            var s = await client.PostAsync($"admin/snapshots/{Uri.EscapeDataString(snapshotId)}/restore", null, ct);
            cli.Console.MarkupLineInterpolated($"[green]restored[/] {snapshotId}: {s!["boards"]} boards, {s["entries"]} entries (now snapshot {s["id"]})");
        });
        snapshot.Subcommands.Add(take);
        snapshot.Subcommands.Add(list);
        snapshot.Subcommands.Add(restore);

        var keys = new Command("keys", "Create, list and revoke API keys");
        var name = new Argument<string>("name") { Description = "What the key is for" };
        var role = new Option<string>("--role") { Description = "reader, writer or admin", DefaultValueFactory = _ => "reader" };
        role.AcceptOnlyFromAmong("reader", "writer", "admin");
        var rate = new Option<int?>("--permits") { Description = "Requests per rate-limit period for this key (0: unlimited)" };
        var create = new Command("create", "Create a key; it is printed once") { name, role, rate };
        cli.Action(create, async (parse, client, ct) =>
        {
            var k = await client.PostAsync("admin/keys", new { name = parse.GetValue(name), role = parse.GetValue(role), permitsPerPeriod = parse.GetValue(rate) }, ct);
            cli.Console.MarkupLineInterpolated($"key [bold]{k!["id"]}[/] ({k["role"]}), shown once:");
            cli.Console.WriteLine(k["key"]!.ToString());
        });
        var keyList = new Command("list", "Keys (never their secrets)");
        cli.Action(keyList, async (_, client, ct) =>
        {
            var answer = await client.GetAsync("admin/keys", ct);
            var table = new Table().AddColumns("id", "name", "role", "created", "permits");
            foreach (var k in answer!["keys"]!.AsArray())
                table.AddRow(BoardCommands.Text(k!["id"]), BoardCommands.Text(k["name"]), BoardCommands.Text(k["role"]), BoardCommands.Text(k["createdAt"]), BoardCommands.Text(k["permitsPerPeriod"]));
            cli.Console.Write(table);
        });
        var keyId = new Argument<string>("id") { Description = "Key id (from keys list)" };
        var revoke = new Command("revoke", "Revoke a key; it stops working at once") { keyId };
        cli.Action(revoke, async (parse, client, ct) =>
        {
            await client.DeleteAsync($"admin/keys/{Uri.EscapeDataString(parse.GetValue(keyId)!)}", ct);
            cli.Console.MarkupLineInterpolated($"revoked key [bold]{parse.GetValue(keyId)}[/]");
        });
        keys.Subcommands.Add(create);
        keys.Subcommands.Add(keyList);
        keys.Subcommands.Add(revoke);
        return [snapshot, keys];
    }
}
