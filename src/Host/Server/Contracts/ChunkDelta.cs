using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>What a chunk adds; absent fields are left out, as OpenAI does.</summary>
internal sealed record ChunkDelta
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasoningContent { get; init; }
}
