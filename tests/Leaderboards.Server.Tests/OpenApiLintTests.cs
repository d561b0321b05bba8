using System.Diagnostics;
using System.Net;
using Leaderboards.Server.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Server.Tests;

/// <summary>The served OpenAPI document passes Redocly's recommended rules: warnings are allowed, errors are not.</summary>
[Trait("Category", "Process")]
public sealed class OpenApiLintTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Document_HasNoRedoclyLintErrors()
    {
        string lintDir = Path.Combine(RepositoryRoot(), "tests", "openapi-lint");
        string cli = Path.Combine(lintDir, "node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(cli))
            throw new MissingToolException("redocly not installed: run ./test.sh, or npm ci --prefix tests/openapi-lint");

        var reply = await server.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        string document = Path.Combine(Path.GetTempPath(), $"lb-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, reply.Body);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = lintDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])[cli, "lint", document, "--config", Path.Combine(lintDir, "redocly.yaml"), "--format", "stylish"])
            start.ArgumentList.Add(argument);
        // The lint is a local check: no usage report sent out, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var redocly = new Process { StartInfo = start };
        ChildProcesses.Start(redocly);
        try
        {
            var stdout = redocly.StandardOutput.ReadToEndAsync();
            var stderr = redocly.StandardError.ReadToEndAsync();
            await redocly.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(redocly.ExitCode == 0, $"redocly lint exited {redocly.ExitCode}:\n{await stdout}\n{await stderr}");
        }
        finally
        {
            await ChildProcesses.KillAsync(redocly);
            File.Delete(document);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leaderboards.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Leaderboards.sln not found above the test's directory.");
    }
}
