namespace Leaderboards.Contracts;

public sealed class CreateKeyRequest
{
    public string? Name { get; set; }

    /// <summary>reader, writer or admin.</summary>
    public string? Role { get; set; }

    /// <summary>This key's own rate limit (requests per period); the server default when left out.</summary>
    public int? PermitsPerPeriod { get; set; }
}

/// <summary>The new key. <c>key</c> is shown only here; the server keeps only its hash.</summary>
public sealed record CreatedKeyResponse(string Id, string Name, string Role, string Key, DateTimeOffset CreatedAt, int? PermitsPerPeriod);

public sealed record KeyResponse(string Id, string Name, string Role, DateTimeOffset CreatedAt, int? PermitsPerPeriod);

public sealed record KeysResponse(IReadOnlyList<KeyResponse> Keys);

/// <summary>The boards a player's entry was removed from.</summary>
public sealed record ErasedPlayerResponse(string PlayerId, IReadOnlyList<string> Boards);
