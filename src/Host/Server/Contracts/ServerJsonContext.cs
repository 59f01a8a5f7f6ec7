using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>Source-generated JSON for every HTTP body; snake_case like the OpenAI API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ProviderCard))]
[JsonSerializable(typeof(List<ProviderCard>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
