using System.CommandLine;
using Spectre.Console;

namespace Leaderboards.Cli.Internal;

/// <summary>What every command needs: the server options, the console, and a way to run with clean errors.</summary>
internal sealed class CliContext(IAnsiConsole console, HttpMessageHandler? handler)
{
    public const string UrlVariable = "LEADERBOARDS_URL";
    public const string KeyVariable = "LEADERBOARDS_KEY";

    public IAnsiConsole Console { get; } = console;

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The server's address (environment: {UrlVariable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : "http://127.0.0.1:5080",
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"The API key (environment: {KeyVariable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(KeyVariable),
    };

    public ServerClient Client(ParseResult parse)
    {
        string url = parse.GetValue(Url)!;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new CliException($"--url must be an http(s) address, got '{url}'", 2);
        return ServerClient.Create(new Uri(uri, "api/v1/"), parse.GetValue(Key), handler);
    }

    /// <summary>Runs a command body; failures become one red line and an exit code.</summary>
    public void Action(Command command, Func<ParseResult, ServerClient, CancellationToken, Task> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await body(parse, Client(parse), cancellationToken);
                return 0;
            }
            catch (CliException e)
            {
                Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return e.ExitCode;
            }
        });
}
