namespace Providers.Host.Server.Contracts;

/// <summary>
/// The last chunk before <c>[DONE]</c> when the request set <c>stream_options.include_usage</c> and the
/// provider reported token counts: no choices, only <see cref="Usage"/>, as OpenAI sends it.
/// </summary>
internal sealed record UsageChunk(string Id, long Created, string Model, Usage Usage)
{
    public string Object { get; } = "chat.completion.chunk";

    public IReadOnlyList<ChunkChoice> Choices { get; } = [];
}
