using Leaderboards.Storage;

namespace Leaderboards.Service.Catalog;

/// <summary>What the service adds to an engine board: its name for people, who may read it, its seasons and entry expiry.</summary>
public sealed record BoardSettings(string DisplayName, bool PublicRead, DateTimeOffset CreatedAt)
{
    public SeasonReset Reset { get; init; } = SeasonReset.None;

    /// <summary>Entries not updated for this long drop out of the board; null keeps them.</summary>
    public TimeSpan? EntryTtl { get; init; }

    /// <summary>The settings a recorded definition holds.</summary>
    internal static BoardSettings Of(BoardDefinition definition) => new(definition.DisplayName, definition.PublicRead, definition.CreatedAt)
    {
        Reset = definition.Reset,
        EntryTtl = definition.EntryTtl,
    };
}
