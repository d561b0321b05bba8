using System.Text;
using Leaderboards.Storage;

namespace Leaderboards.Service.Keys;

/// <summary>
/// Finds the admin key: the configured one (<c>LEADERBOARDS_ADMIN_KEY</c>), else the one kept in <c>admin.key</c> in the data
/// directory, else a new one written there (readable by the owner only) and printed once.
/// </summary>
public static class AdminKeyBootstrap
{
    public const string FileName = "admin.key";

    public static string Resolve(string? configured, string dataDir, TextWriter console)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return configured.Trim();

        string path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            string kept = File.ReadAllText(path).Trim();
            if (kept.Length > 0)
                return kept;
        }

        string secret = ApiKeyStore.NewSecret("lba_");
        AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(secret + "\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite)
            .GetAwaiter().GetResult();
        console.WriteLine($"Generated an admin key (shown once; kept in {Path.GetFullPath(path)}):");
        console.WriteLine($"  {secret}");
        return secret;
    }
}
