using System.CommandLine;
using Leaderboards.Cli.Internal;
using Leaderboards.Contracts;
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
            var s = await client.PostAsync("admin/snapshots", ServerClient.Json.SnapshotResponse, ct);
            cli.Console.MarkupLineInterpolated(
                $"[green]snapshot {s.Id}[/]: {WireText.Of(s.Entries)} entries, {WireText.Of(s.Bytes)} bytes in {WireText.Of(s.ElapsedMs)} ms");
        });
        var list = new Command("list", "Snapshots on the server, newest first");
        cli.Action(list, async (_, client, ct) =>
        {
            var answer = await client.GetAsync("admin/snapshots", ServerClient.Json.SnapshotsResponse, ct);
            var table = new Table().AddColumns("id", "created", "bytes");
            foreach (var s in answer.Snapshots)
                table.AddRow(WireText.Cell(s.Id), WireText.Cell(s.CreatedAt), WireText.Cell(s.Bytes));
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
            var s = await client.PostAsync($"admin/snapshots/{Uri.EscapeDataString(snapshotId)}/restore", ServerClient.Json.SnapshotResponse, ct);
            cli.Console.MarkupLineInterpolated($"[green]restored[/] {snapshotId}: {WireText.Of(s.Boards)} boards, {WireText.Of(s.Entries)} entries (now snapshot {s.Id})");
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
            var body = new CreateKeyRequest { Name = parse.GetValue(name), Role = parse.GetValue(role), PermitsPerPeriod = parse.GetValue(rate) };
            var k = await client.PostAsync("admin/keys", body, ServerClient.Json.CreateKeyRequest, ServerClient.Json.CreatedKeyResponse, ct);
            cli.Console.MarkupLineInterpolated($"key [bold]{k.Id}[/] ({k.Role}), shown once:");
            cli.Console.WriteLine(k.Key);
        });
        var keyList = new Command("list", "Keys (never their secrets)");
        cli.Action(keyList, async (_, client, ct) =>
        {
            var answer = await client.GetAsync("admin/keys", ServerClient.Json.KeysResponse, ct);
            var table = new Table().AddColumns("id", "name", "role", "created", "permits");
            foreach (var k in answer.Keys)
                table.AddRow(WireText.Cell(k.Id), WireText.Cell(k.Name), WireText.Cell(k.Role), WireText.Cell(k.CreatedAt), WireText.Cell(k.PermitsPerPeriod));
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
