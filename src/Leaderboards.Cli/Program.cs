using Leaderboards.Cli;
using Spectre.Console;

return await LeaderboardsCli.RunAsync(args, AnsiConsole.Console);
