namespace Leaderboards.Server.Settings;

/// <summary>A setting the service cannot start with. The message names the setting, its value and what it must be.</summary>
public sealed class InvalidSettingException(string message) : Exception(message);
