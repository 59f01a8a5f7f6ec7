namespace Providers.Host.Server.Contracts;

/// <summary>The non-streaming reply: one <c>chat.completion</c> object.</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<CompletionChoice> Choices)
{
    public string Object { get; } = "chat.completion";

    /// <summary>Providers do not report token counts, so this is null rather than a guess.</summary>
    public Usage? Usage { get; init; }
}
