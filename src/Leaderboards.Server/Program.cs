using Leaderboards.Server.Hosting;
using Leaderboards.Server.Settings;
using Leaderboards.Service.Durability;
using Leaderboards.Storage;

if (args is ["repair", ..])
    return RepairCommand.Run(args, Console.Out, Console.Error);
if (args is ["restore", ..])
    return RestoreCommand.Run(args, Console.Out, Console.Error);

// Settings files ship beside the binary; the working directory is only where relative data paths start.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
try
{
    builder.AddLeaderboards();
}
catch (InvalidSettingException e)
{
    Console.Error.WriteLine("Leaderboards cannot start: " + e.Message);
    return 2;
}

var app = builder.Build();
app.UseLeaderboards();
var readiness = app.Services.GetRequiredService<Readiness>();
try
{
    app.Run();
}
catch (OperationCanceledException) when (readiness.Recovered.IsFaulted)
{
    // Recovery failed while the server was still starting; the reason is already printed.
}

// A data directory that could not be recovered is a failed start.
return readiness.Recovered.IsFaulted ? 3 : 0;

/// <summary>The entry point, public so integration tests can host the service.</summary>
public partial class Program;
