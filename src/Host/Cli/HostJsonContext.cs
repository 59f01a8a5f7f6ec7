using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary>Source-generated JSON for the CLI's <c>--json</c> output: snake_case keys, nulls written, indented.</summary>
/// <remarks>
/// Serialization only: the generated code writes each type straight to the writer, so a listing
/// builds no property metadata (measured ≈ 80 methods compiled at start-up, every run).
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(IReadOnlyList<ProviderView>))]
[JsonSerializable(typeof(IReadOnlyList<ModelJson>))]
[JsonSerializable(typeof(IReadOnlyList<PluginJson>))]
internal sealed partial class HostJsonContext : JsonSerializerContext
{
    /// <summary>Indented like the serializer's <c>WriteIndented</c>, but keeps non-ASCII labels and paths readable.</summary>
    /// <remarks>
    /// Output goes to a terminal or a script, never into HTML, so HTML-safe escaping only hurts. The
    /// encoder is the writer's, not the options': options with an encoder of their own cannot use the
    /// generated code.
    /// </remarks>
    private static readonly JsonWriterOptions _writerOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document, then a line end.</summary>
    public static void WriteLine<T>(TextWriter output, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
