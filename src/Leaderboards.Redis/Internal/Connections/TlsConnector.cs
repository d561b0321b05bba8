using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Leaderboards.Redis.Internal.Connections;

/// <summary>Wraps a connected stream in TLS as <see cref="RedisTlsOptions"/> describe.</summary>
internal static class TlsConnector
{
    /// <summary>
    /// Authenticates the server (against <see cref="RedisTlsOptions.TrustedCertificateAuthorities"/> only, when set)
    /// and returns the encrypted stream, which owns <paramref name="stream"/>.
    /// </summary>
    public static async Task<Stream> AuthenticateAsync(Stream stream, RedisEndpoint endpoint, RedisTlsOptions tls, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = tls.TargetHost ?? endpoint.Host,
            EnabledSslProtocols = tls.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (tls.ClientCertificate is not null)
        {
            authentication.ClientCertificates = [tls.ClientCertificate];
        }

        if (tls.TrustedCertificateAuthorities is { Count: > 0 } authorities)
        {
            // A private CA replaces the system store: the chain must end at one of the given roots.
            authentication.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            authentication.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
