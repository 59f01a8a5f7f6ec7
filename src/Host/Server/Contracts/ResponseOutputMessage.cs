namespace Providers.Host.Server.Contracts;

/// <summary>The assistant's message in a response's <c>output</c>.</summary>
internal sealed record ResponseOutputMessage(string Id, string Status, IReadOnlyList<ResponseOutputText> Content)
{
    public string Type { get; } = "message";

    public string Role { get; } = "assistant";
}
