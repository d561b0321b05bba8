using System.Runtime.CompilerServices;
using System.Security.Claims;
using Leaderboards.Service.Keys;
using Microsoft.AspNetCore.Authentication;

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
        Authenticated = AuthenticateResult.Success(new AuthenticationTicket(Principal, ApiKeyClaims.Scheme));
        RateLimitPartition = "key:" + key.Id;
        Credential = PresentedCredential.Valid(key);
    }

    /// <summary>The identity requests with this key run as.</summary>
    public ClaimsPrincipal Principal { get; }

    /// <summary>Authentication's answer for this key; nothing changes it, so every request with the key shares it.</summary>
    public AuthenticateResult Authenticated { get; }

    /// <summary>The rate limiter's partition for this key.</summary>
    public string RateLimitPartition { get; }

    /// <summary>This key as a request's valid credential.</summary>
    public PresentedCredential Credential { get; }

    public static KeyIdentity Of(ApiKey key) => Cache.GetValue(key, static k => new KeyIdentity(k));
}
