using Leaderboards.Server.Hosting;

// Settings files ship beside the binary; the working directory is only where relative data paths start.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddLeaderboards();

var app = builder.Build();
app.UseLeaderboards();
app.Run();

/// <summary>The entry point, public so integration tests can host the service.</summary>
public partial class Program;
