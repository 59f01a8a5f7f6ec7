using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>One message of a chat completion request.</summary>
internal sealed class RequestMessage
{
    public string? Role { get; set; }

    /// <summary>A string, or an array of text parts (as the OpenAI SDKs send), flattened to text.</summary>
    [JsonConverter(typeof(MessageContentConverter))]
    public string? Content { get; set; }
}
