using Leaderboards.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLeaderboards();

var app = builder.Build();
app.UseLeaderboards();
app.Run();

/// <summary>The entry point, public so integration tests can host the service.</summary>
public partial class Program;
