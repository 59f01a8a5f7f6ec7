using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary>Source-generated JSON for the CLI's <c>--json</c> output: snake_case keys, nulls written, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ProviderView>))]
[JsonSerializable(typeof(IReadOnlyList<ModelJson>))]
[JsonSerializable(typeof(IReadOnlyList<PluginJson>))]
internal sealed partial class HostJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="JsonSerializerContext"/>'s default, but keeps non-ASCII labels and paths readable.</summary>
    /// <remarks>Output goes to a terminal or a script, never into HTML, so HTML-safe escaping only hurts.</remarks>
    public static HostJsonContext Cli { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
