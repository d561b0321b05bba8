using System.Collections.Concurrent;
using System.Security.Cryptography;
using Leaderboards.Service.Durability;
using Leaderboards.Service.Errors;
using Leaderboards.Storage;

namespace Leaderboards.Service.Keys;

/// <summary>
/// The API keys: looked up by hash on every request, changed rarely. Changes are recorded in the journal before they are
/// acknowledged; recovery replays them.
/// </summary>
public sealed class ApiKeyStore(IJournal journal, TimeProvider time)
{
    public const string AdminKeyId = "admin";

    private readonly ConcurrentDictionary<KeyHash, ApiKey> _byHash = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Installs the admin key (from configuration or the data directory); it is not listed and cannot be revoked.</summary>
    public void SetAdminKey(string secret)
    {
        RemoveWhere(key => key.Id == AdminKeyId);
        var adminHash = KeyHash.Of(secret);
        _byHash[adminHash] = new ApiKey(AdminKeyId, "admin (configured)", ApiRole.Admin, time.GetUtcNow(), null, adminHash);
    }

    /// <summary>
    /// Raised after a revocation is journalled, once the key no longer authenticates, on the revoking caller's thread before
    /// <see cref="RevokeAsync"/> completes. Handlers must not block or throw.
    /// </summary>
    public event Action<ApiKey>? Revoked;

    public ApiKey? Find(ReadOnlySpan<char> secret) => Find(KeyHash.Of(secret));

    /// <summary>The key whose secret has <paramref name="hash"/>, while it is current.</summary>
    public ApiKey? Find(KeyHash hash) => _byHash.TryGetValue(hash, out var key) ? key : null;

    /// <summary>True while <paramref name="key"/>, found earlier, still authenticates: not revoked, not replaced by a restore.</summary>
    public bool IsCurrent(ApiKey key) => _byHash.TryGetValue(key.Hash, out var current) && current.Id == key.Id;

    public IReadOnlyList<ApiKey> List() =>
        [.. _byHash.Values.Where(k => k.Id != AdminKeyId).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];

    /// <summary>Creates a key and returns it with its secret, which is not kept.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiRole role, int? permitsPerPeriod, CancellationToken cancellationToken)
    {
        string secret = NewSecret("lbk_");
        var hash = KeyHash.Of(secret);
        var key = new ApiKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), name, role, RecordTime.AsKept(time.GetUtcNow()), permitsPerPeriod, hash);
        await RecordAsync(async () =>
        {
            await journal.AppendAsync(ToStored(key));
            _byHash[hash] = key;
            return true;
        }, cancellationToken);
        return (key, secret);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        ApiKey? key = null;
        bool revoked = await RecordAsync(async () =>
        {
            key = List().FirstOrDefault(k => k.Id == id);
            if (key is null)
                return false;
            await journal.AppendAsync(new KeyRevoked(id));
            _byHash.TryRemove(key.Hash, out _);
            return true;
        }, cancellationToken);
        if (!revoked || key is null)
            return false;
        // Outside the lock: a handler may look keys up, and the next change need not wait for it.
        Revoked?.Invoke(key);
        return true;
    }

    /// <summary>
    /// Decides and records a change under the write lock; in cluster mode, when another node recorded a change first,
    /// catches up without the lock (the follower applies keys under it) and decides again.
    /// </summary>
    private async Task<bool> RecordAsync(Func<Task<bool>> change, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                return await change();
            }
            catch (CatalogChangedException) when (attempt < MaxAttempts)
            {
            }
            finally
            {
                _writeLock.Release();
            }
            await journal.CatchUpAsync(cancellationToken);
        }
    }

    private const int MaxAttempts = 10;

    /// <summary>Cluster mode: a key recorded through another node, unless this node has applied a later record (<paramref name="stale"/>).</summary>
    internal async Task FollowAsync(StoredApiKey stored, Func<bool> stale)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (!stale())
                Recover(stored);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Recovery: a recorded key.</summary>
    internal void Recover(StoredApiKey stored)
    {
        var key = FromStored(stored);
        _byHash[key.Hash] = key;
    }

    /// <summary>Recovery: a recorded revocation.</summary>
    internal void Recover(KeyRevoked revoked) => RemoveWhere(key => key.Id == revoked.Id && key.Id != AdminKeyId);

    /// <summary>Cluster mode: a revocation recorded through another node; this node's open connections with the key are let go too.</summary>
    internal async Task FollowAsync(KeyRevoked revoked, Func<bool> stale)
    {
        ApiKey? key;
        await _writeLock.WaitAsync();
        try
        {
            key = stale() ? null : List().FirstOrDefault(k => k.Id == revoked.Id);
            if (key is null || !_byHash.TryRemove(key.Hash, out _))
                return;
        }
        finally
        {
            _writeLock.Release();
        }
        Revoked?.Invoke(key);
    }

    /// <summary>Restore: forget every key but the admin key; the snapshot's keys follow.</summary>
    internal void ClearForRestore() => RemoveWhere(key => key.Id != AdminKeyId);

    private void RemoveWhere(Func<ApiKey, bool> match)
    {
        foreach (var (hash, key) in _byHash)
        {
            if (match(key))
                _byHash.TryRemove(hash, out _);
        }
    }

    internal static StoredApiKey ToStored(ApiKey key) =>
        new(key.Id, key.Name, (int)key.Role, key.CreatedAt, key.PermitsPerPeriod, key.Hash.A, key.Hash.B, key.Hash.C, key.Hash.D);

    private static ApiKey FromStored(StoredApiKey key) =>
        new(key.Id, key.Name, (ApiRole)key.Role, key.CreatedAt, key.PermitsPerPeriod, new KeyHash(key.HashA, key.HashB, key.HashC, key.HashD));

    /// <summary>A random secret with 192 bits of entropy, URL-safe so it can travel in a query string.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
