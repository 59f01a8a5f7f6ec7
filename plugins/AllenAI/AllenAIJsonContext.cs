using System.Text.Json.Serialization;
using Providers.AllenAI.Http;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI;

/// <summary>Source-generated metadata for everything the plugin reads from the wire.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = StreamLineParser.MaxDepth)]
[JsonSerializable(typeof(List<FlatMessage>))]
[JsonSerializable(typeof(ErrorEnvelope))]
internal sealed partial class AllenAIJsonContext : JsonSerializerContext;
