// Answers every GET and POST path, so the load scripts send it the very requests they send the server (same path,
// headers and body); a POST's body is read to the end, as any JSON endpoint must. Bound to loopback.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MinimalJsonContext.Default));
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5095");

var app = builder.Build();
app.MapGet("/{**path}", () => TypedResults.Ok(new MinimalAnswer("000000000001", 1, 1)));
app.MapPost("/{**path}", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return TypedResults.Ok(new MinimalAnswer("000000000001", 1, 1));
});
app.Run();

