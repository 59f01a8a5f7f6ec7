namespace Providers.Host.Server.Contracts;

/// <summary>One server-sent event of a streaming reply.</summary>
internal sealed record ChatCompletionChunk(string Id, long Created, string Model, IReadOnlyList<ChunkChoice> Choices)
{
    public string Object { get; } = "chat.completion.chunk";
}
