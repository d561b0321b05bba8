namespace Leaderboards.Server.Security;

/// <summary>The authentication scheme and the claims a key's requests carry.</summary>
public static class ApiKeyClaims
{
    public const string Scheme = "ApiKey";
    public const string Role = "lb:role";
    public const string KeyId = "lb:key";
}
