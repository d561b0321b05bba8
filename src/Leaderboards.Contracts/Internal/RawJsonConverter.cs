using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leaderboards.Contracts.Internal;

/// <summary>
/// Carries a JSON value as its minified UTF-8 bytes: read once from the request, stored by the engine as bytes, and
/// written back into responses verbatim, so metadata is never parsed on the read path.
/// </summary>
internal sealed class RawJsonConverter : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            document.RootElement.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) =>
        // The engine accepted these bytes only as one well-formed JSON object.
        writer.WriteRawValue(value, skipInputValidation: true);
}
