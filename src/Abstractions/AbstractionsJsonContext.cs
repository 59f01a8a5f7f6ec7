using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Abstractions;

/// <summary>Source-generated JSON metadata for the contract's serialisable types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(IReadOnlyList<ChatMessage>))]
[JsonSerializable(typeof(string))]
internal sealed partial class AbstractionsJsonContext : JsonSerializerContext;
