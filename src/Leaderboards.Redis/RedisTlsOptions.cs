using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Leaderboards.Redis;

/// <summary>TLS for every connection (<see cref="System.Net.Security.SslStream"/>).</summary>
public sealed class RedisTlsOptions
{
    /// <summary>The name the server's certificate must carry; defaults to each endpoint's host.</summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// Certificate authorities trusted instead of the system store, such as a private CA. When set, a server
    /// certificate must chain to one of them.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; set; }

    /// <summary>A client certificate, for servers that require one (<c>tls-auth-clients yes</c>).</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Allowed TLS versions; <see cref="SslProtocols.None"/> lets the system choose.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.None;
}
