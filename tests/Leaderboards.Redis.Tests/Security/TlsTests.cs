using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Leaderboards.Redis.Tests.Support;
using Leaderboards.Testing;

namespace Leaderboards.Redis.Tests.Security;

/// <summary>TLS to a redis-server on tls-port with a certificate from a self-signed CA made here with openssl.</summary>
[Trait("Category", "Redis")]
public sealed class TlsTests(TlsTests.TlsServer tls) : IClassFixture<TlsTests.TlsServer>
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task TrustedCa_Connects_AndCommandsRoundTrip(RedisProtocol protocol)
    {
        var ca = new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls.Directory, "ca.crt")));
        var options = new RedisOptions { Protocol = protocol, Tls = new RedisTlsOptions { TrustedCertificateAuthorities = ca } };
        options.Endpoints.Add(tls.Server!.Endpoint);
        await using RedisClient client = await RedisClient.ConnectAsync(options);
        string key = $"tls:{Guid.NewGuid():N}";
        byte[] value = new byte[1024 * 1024];
        new Random(7).NextBytes(value);
        await client.SetAsync(key, value);
        byte[]? read = await client.GetBytesAsync(key);
        Assert.Equal(value, read);
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => client.IncrByAsync(key + ":n").AsTask()));
        Assert.Equal("1000", await client.GetAsync(key + ":n"));
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefused_WithTheReason()
    {
        var options = new RedisOptions { Tls = new RedisTlsOptions(), ConnectTimeout = TimeSpan.FromSeconds(5) };
        options.Endpoints.Add(tls.Server!.Endpoint);
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A CA and a server certificate for 127.0.0.1 in a temporary directory, and a redis-server on tls-port only.</summary>
    public sealed class TlsServer : IAsyncLifetime
    {
        public string Directory { get; } = Tools.NewTempDirectory("lb-redis-tls");

        internal RedisServer? Server { get; private set; }

        public async Task InitializeAsync()
        {
            await OpenSslAsync("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Leaderboards Test CA");
            await OpenSslAsync("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
            await File.WriteAllTextAsync(Path.Combine(Directory, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
            await OpenSslAsync("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
            int port = FreePorts.One();
            Server = await RedisServer.StartAsync(
                ["--tls-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "--tls-cert-file", Path.Combine(Directory, "server.crt"), "--tls-key-file", Path.Combine(Directory, "server.key"),
                 "--tls-ca-cert-file", Path.Combine(Directory, "ca.crt"), "--tls-auth-clients", "no"],
                port,
                plainPort: false);
        }

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }

        private async Task OpenSslAsync(params string[] arguments)
        {
            var info = new ProcessStartInfo(RequiredTool.Find("openssl")) { WorkingDirectory = Directory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"openssl {string.Join(' ', arguments)}: {await error}");
            }
        }
    }
}
