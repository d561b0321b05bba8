using System.Globalization;
using System.Text.Json;
using Leaderboards.Contracts;
using Spectre.Console;

namespace Leaderboards.Cli.Internal;

/// <summary>Values from the server's answers as text, the way its JSON spelt them: what the CLI prints and writes.</summary>
internal static class WireText
{
    public static string Of(string? value) => value ?? "";

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(long? value) => value is { } number ? Of(number) : "";

    // System.Text.Json writes the shortest text that reads back as the same double, as does the invariant culture.
    public static string Of(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";

    /// <summary>ISO 8601 as System.Text.Json writes it (trailing zeros of the fraction dropped), so it reads as the server wrote it.</summary>
    public static string Of(DateTimeOffset? value) =>
        value is { } time ? JsonSerializer.Serialize(time, LeaderboardsJsonContext.Default.DateTimeOffset).Trim('"') : "";

    /// <summary>A table cell: the text with any markup in it escaped.</summary>
    public static string Cell(string? value) => Markup.Escape(Of(value));

    public static string Cell(long value) => Of(value);

    public static string Cell(long? value) => Of(value);

    public static string Cell(bool value) => Of(value);

    public static string Cell(DateTimeOffset? value) => Of(value);
}
