using System.CommandLine;
using Leaderboards.Cli.Internal;
using Spectre.Console;

namespace Leaderboards.Cli.Commands;

/// <summary>The admin CLI's command tree. Exit codes: 0 done, 1 refused by the server, 2 bad usage, 3 server unreachable, 4 server error, 5 file problem.</summary>
public static class LeaderboardsCli
{
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, HttpMessageHandler? handler = null)
    {
        var cli = new CliContext(console, handler);
        var root = new RootCommand("Leaderboards admin CLI: talks to a running server over HTTP");
        root.Options.Add(cli.Url);
        root.Options.Add(cli.Key);
        root.Subcommands.Add(BoardCommands.Build(cli));
        foreach (var command in QueryCommands.Build(cli).Concat(TransferCommands.Build(cli)).Concat(AdminCommands.Build(cli)))
            root.Subcommands.Add(command);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLine("[grey]run with --help for usage[/]");
            return Task.FromResult(2);
        }
        return parse.InvokeAsync();
    }
}
