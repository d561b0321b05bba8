namespace Leaderboards.Server.Tests.Support;

/// <summary>
/// The service in memory but behind Kestrel on a free loopback port: requests cross a real socket and Kestrel's header
/// parsing (which trims values and keeps empty headers, unlike the in-memory test server, which drops them).
/// </summary>
public sealed class KestrelServerFactory : ServerFactory
{
    public KestrelServerFactory()
        : base(settings: new() { ["urls"] = "http://127.0.0.1:0" })
    {
        UseKestrel();
    }
}
