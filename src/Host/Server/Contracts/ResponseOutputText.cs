namespace Providers.Host.Server.Contracts;

/// <summary>An <c>output_text</c> content part.</summary>
internal sealed record ResponseOutputText(string Text)
{
    public string Type { get; } = "output_text";

    public IReadOnlyList<string> Annotations { get; } = [];
}
