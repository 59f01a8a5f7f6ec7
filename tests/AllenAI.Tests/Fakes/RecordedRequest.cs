namespace Providers.AllenAI.Tests.Fakes;

/// <summary>A request as the Kestrel fake received it: multipart fields in wire order, headers, path.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string[] Values(string name) => [.. Fields.Where(f => f.Key == name).Select(f => f.Value)];

    public string? Single(string name) => Values(name) switch
    {
        [] => null,
        [var one] => one,
        var many => throw new InvalidOperationException($"Field {name} was sent {many.Length} times."),
    };
}
