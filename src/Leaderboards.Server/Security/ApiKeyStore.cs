using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Leaderboards.Server.Storage;

namespace Leaderboards.Server.Security;

/// <summary>
/// The API keys: looked up by hash on every request, changed rarely. Changes are written to <c>keys.json</c> in the data
/// directory before they are acknowledged.
/// </summary>
public sealed class ApiKeyStore
{
    public const string AdminKeyId = "admin";
    private const int FormatVersion = 1;

    private readonly ConcurrentDictionary<KeyHash, ApiKey> _byHash = new();
    private readonly string _path;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    public ApiKeyStore(string dataDir, TimeProvider time)
    {
        _time = time;
        _path = Path.Combine(dataDir, "keys.json");
        if (!File.Exists(_path))
            return;
        var stored = JsonSerializer.Deserialize(File.ReadAllBytes(_path), StorageJsonContext.Default.StoredKeys)
            ?? throw new InvalidDataException($"{_path} is empty.");
        foreach (var key in stored.Keys)
        {
            var hash = KeyHash.FromHex(key.Sha256);
            _byHash[hash] = new ApiKey(key.Id, key.Name, (ApiRole)key.Role, key.CreatedAt, key.PermitsPerPeriod, hash);
        }
    }

    /// <summary>Installs the admin key (from configuration or the data directory); it is not listed and cannot be revoked.</summary>
    public void SetAdminKey(string secret)
    {
        foreach (var (hash, key) in _byHash)
        {
            if (key.Id == AdminKeyId)
                _byHash.TryRemove(hash, out _);
        }
        var adminHash = KeyHash.Of(secret);
        _byHash[adminHash] = new ApiKey(AdminKeyId, "admin (configured)", ApiRole.Admin, _time.GetUtcNow(), null, adminHash);
    }

    public ApiKey? Find(ReadOnlySpan<char> secret) => _byHash.TryGetValue(KeyHash.Of(secret), out var key) ? key : null;

    public IReadOnlyList<ApiKey> List() =>
        [.. _byHash.Values.Where(k => k.Id != AdminKeyId).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];

    /// <summary>Creates a key and returns it with its secret, which is not kept.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiRole role, int? permitsPerPeriod, CancellationToken cancellationToken)
    {
        string secret = NewSecret("lbk_");
        var hash = KeyHash.Of(secret);
        var key = new ApiKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), name, role, _time.GetUtcNow(), permitsPerPeriod, hash);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await SaveAsync(List().Append(key), cancellationToken);
            _byHash[hash] = key;
        }
        finally
        {
            _writeLock.Release();
        }
        return (key, secret);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var key = List().FirstOrDefault(k => k.Id == id);
            if (key is null)
                return false;
            await SaveAsync(List().Where(k => k.Id != id), cancellationToken);
            _byHash.TryRemove(key.Hash, out _);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A random secret with 192 bits of entropy, URL-safe so it can travel in a query string.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private Task SaveAsync(IEnumerable<ApiKey> keys, CancellationToken cancellationToken)
    {
        var stored = new StoredKeys(FormatVersion,
            [.. keys.Select(k => new StoredKey(k.Id, k.Name, (int)k.Role, k.CreatedAt, k.PermitsPerPeriod, k.Hash.ToHex()))]);
        return AtomicFile.WriteAsync(_path, JsonSerializer.SerializeToUtf8Bytes(stored, StorageJsonContext.Default.StoredKeys),
            UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken);
    }
}
