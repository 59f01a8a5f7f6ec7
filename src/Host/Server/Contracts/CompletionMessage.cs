using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

internal sealed record CompletionMessage(string Role, ReplyText Content)
{
    /// <summary>The model's reasoning, in the field DeepSeek-style clients read; absent when there was none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReplyText? ReasoningContent { get; init; }
}
