using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>Source-generated JSON for every HTTP body; snake_case like the OpenAI API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(UsageChunk))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseStreamEvent))]
[JsonSerializable(typeof(ProviderCard))]
[JsonSerializable(typeof(List<ProviderCard>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes text as UTF-8 instead of <c>\uXXXX</c> escapes (as OpenAI does): model output is often
    /// non-Latin, and escaping would multiply its size on the wire. Safe because these bodies are
    /// JSON API responses, never embedded in HTML.
    /// </summary>
    /// <remarks>
    /// Not every character: System.Text.Json's encoders still escape characters outside the Basic
    /// Multilingual Plane (emoji become <c>\uD83D\uDC4B</c>) and U+2028/U+2029. Both are valid JSON
    /// and decode to the same text; seen running the README's curl examples.
    /// </remarks>
    public static JavaScriptEncoder WireEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The context server-sent events are serialized with (by <see cref="SseWriter"/>, whose writer applies <see cref="WireEncoder"/>).</summary>
    /// <remarks>
    /// The generated options as they are: only with those does the serializer run the generated code
    /// that writes an event in one pass. <see cref="Wire"/>'s encoder sends every value through the
    /// general metadata path instead, which cost a quarter of the server's CPU per streamed token.
    /// </remarks>
    public static ServerJsonContext Events => Default;

    /// <summary>The writer options events are written with: <see cref="WireEncoder"/> on the writer, where <see cref="Events"/> leaves it.</summary>
    public static JsonWriterOptions EventWriterOptions { get; } = new() { Encoder = WireEncoder };

    /// <summary>The context every other body is written with.</summary>
    public static ServerJsonContext Wire { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = WireEncoder,
    });
}
