using System.Text.RegularExpressions;
using Leaderboards.Engine;
using Leaderboards.Server.Api.Internal;

namespace Leaderboards.Server.Boards;

/// <summary>Board ids and the wire names of the engine's options.</summary>
public static partial class BoardDefinitions
{
    public const int MaxIdLength = 64;
    public const int MaxDisplayNameLength = 200;

    /// <summary>Board ids: 1 to 64 of A-Z a-z 0-9 _ - . starting with a letter or digit, so they are safe in a URL path and a file name.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex IdPattern();

    public static void ValidateId(string boardId)
    {
        if (!IdPattern().IsMatch(boardId))
            throw ApiProblemException.Invalid("boardId",
                "boardId must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' or '.', starting with a letter or a digit.");
    }

    public static string Name(SortOrder order) => order == SortOrder.Ascending ? "asc" : "desc";

    public static string Name(UpdatePolicy policy) => policy switch
    {
        UpdatePolicy.Latest => "latest",
        UpdatePolicy.Sum => "sum",
        _ => "best",
    };

    public static string Name(RankMode mode) => mode == RankMode.Competition ? "competition" : "ordinal";

    public static SortOrder ParseOrder(string text) => text switch
    {
        "desc" => SortOrder.Descending,
        "asc" => SortOrder.Ascending,
        _ => throw ApiProblemException.Invalid("order", "order must be desc or asc."),
    };

    public static UpdatePolicy ParsePolicy(string text) => text switch
    {
        "best" => UpdatePolicy.Best,
        "latest" => UpdatePolicy.Latest,
        "sum" => UpdatePolicy.Sum,
        _ => throw ApiProblemException.Invalid("updatePolicy", "updatePolicy must be best, latest or sum."),
    };

    public static RankMode ParseRankMode(string text) => text switch
    {
        "ordinal" => RankMode.Ordinal,
        "competition" => RankMode.Competition,
        _ => throw ApiProblemException.Invalid("rankMode", "rankMode must be ordinal or competition."),
    };

    public static string ValidateDisplayName(string displayName)
    {
        if (displayName.Length > MaxDisplayNameLength || displayName.Any(char.IsControl))
            throw ApiProblemException.Invalid("displayName", $"displayName must be at most {MaxDisplayNameLength} characters with no control characters.");
        return displayName;
    }
}
