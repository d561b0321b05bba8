using System.Runtime.CompilerServices;
using System.Security.Claims;
using Leaderboards.Service.Keys;

namespace Leaderboards.Server.Security;

/// <summary>What authentication, authorization and rate limiting derive from a key: built once per key, since keys never change.</summary>
internal sealed class KeyIdentity
{
    private static readonly ConditionalWeakTable<ApiKey, KeyIdentity> Cache = new();

    private KeyIdentity(ApiKey key)
    {
        Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ApiKeyClaims.KeyId, key.Id),
                new Claim(ApiKeyClaims.Role, ApiRoles.Name(key.Role)),
                new Claim(ClaimTypes.Name, key.Name),
            ],
            ApiKeyClaims.Scheme));
        RateLimitPartition = "key:" + key.Id;
        Credential = PresentedCredential.Valid(key);
    }

    /// <summary>The identity requests with this key run as.</summary>
    public ClaimsPrincipal Principal { get; }

    /// <summary>The rate limiter's partition for this key.</summary>
    public string RateLimitPartition { get; }

    /// <summary>This key as a request's valid credential.</summary>
    public PresentedCredential Credential { get; }

    public static KeyIdentity Of(ApiKey key) => Cache.GetValue(key, static k => new KeyIdentity(k));
}
