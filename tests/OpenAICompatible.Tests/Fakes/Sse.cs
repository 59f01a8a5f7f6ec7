using System.Text;
using System.Text.Json;

namespace Providers.OpenAICompatible.Tests.Fakes;

/// <summary>Builds chat completion stream events byte for byte, as an OpenAI-compatible server sends them.</summary>
internal static class Sse
{
    public static string Content(string text) =>
        Event($$"""{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(text)}}},"finish_reason":null}]}""");

    public static string Role() =>
        Event("""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");

    public static string Reasoning(string field, string text) =>
        Event($$"""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"{{field}}":{{JsonSerializer.Serialize(text)}}},"finish_reason":null}]}""");

    public static string Finish(string reason) =>
        Event($$"""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"{{reason}}"}]}""");

    public static string Usage(int prompt, int completion) =>
        Event($$$"""{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""");

    public static string Error(string message) =>
        Event($$$"""{"error":{"message":{{{JsonSerializer.Serialize(message)}}},"type":"server_error"}}""");

    public const string Done = "data: [DONE]\n\n";

    public static string Event(string json) => $"data: {json}\n\n";

    public static byte[] Bytes(params string[] events) => Encoding.UTF8.GetBytes(string.Concat(events));
}
