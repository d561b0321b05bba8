using Leaderboards.Cli.Commands;
using Spectre.Console;

return await LeaderboardsCli.RunAsync(args, AnsiConsole.Console);
