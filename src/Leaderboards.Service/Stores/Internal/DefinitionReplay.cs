using Leaderboards.Service.Catalog;
using Leaderboards.Service.Keys;
using Leaderboards.Storage;

namespace Leaderboards.Service.Stores.Internal;

/// <summary>Start-up in either store: a recorded definition (a board, a season, a key) applied to the catalog and the keys.</summary>
internal static class DefinitionReplay
{
    /// <summary>False when <paramref name="record"/> is not a definition.</summary>
    public static async Task<bool> TryApplyAsync(StorageRecord record, BoardCatalog boards, ApiKeyStore keys)
    {
        switch (record)
        {
            case BoardDefinition definition:
                await boards.RecoverAsync(definition);
                return true;
            case BoardDeleted deleted:
                await boards.RecoverAsync(deleted);
                return true;
            case SeasonStarted season:
                await boards.RecoverAsync(season);
                return true;
            case StoredApiKey key:
                keys.Recover(key);
                return true;
            case KeyRevoked revoked:
                keys.Recover(revoked);
                return true;
            default:
                return false;
        }
    }
}
