using System.Text.Json.Serialization;

/// <summary>Source-generated JSON for <see cref="MinimalAnswer"/>.</summary>
[JsonSerializable(typeof(MinimalAnswer))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class MinimalJsonContext : JsonSerializerContext;
