namespace Leaderboards.Service.Keys;

/// <summary>What a key may do; each role includes the ones below it. Persisted by value: values are explicit and append-only.</summary>
public enum ApiRole
{
    Reader = 1,
    Writer = 2,
    Admin = 3,
}

public static class ApiRoles
{
    public static string Name(ApiRole role) => role switch
    {
        ApiRole.Reader => "reader",
        ApiRole.Writer => "writer",
        ApiRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? text, out ApiRole role)
    {
        role = text switch
        {
            "reader" => ApiRole.Reader,
            "writer" => ApiRole.Writer,
            "admin" => ApiRole.Admin,
            _ => 0,
        };
        return role != 0;
    }
}
