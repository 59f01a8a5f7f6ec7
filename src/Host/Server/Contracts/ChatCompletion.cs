namespace Providers.Host.Server.Contracts;

/// <summary>The non-streaming reply: one <c>chat.completion</c> object.</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<CompletionChoice> Choices)
{
    public string Object { get; } = "chat.completion";

    /// <summary>Null when the provider did not report token counts, rather than a guess.</summary>
    public Usage? Usage { get; init; }
}
