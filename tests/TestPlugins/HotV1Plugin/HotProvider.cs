using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.Hot;

/// <summary>
/// Answers <c>v&lt;major version&gt;: &lt;last user message&gt;</c>. A message <c>gate:&lt;name&gt;</c> streams
/// <c>v&lt;N&gt; before </c>, then waits for the <see cref="Task"/> the test stored under that name with
/// <c>AppDomain.SetData</c> (the one place a test and a plugin in another load context both see), then <c>v&lt;N&gt; after</c>.
/// </summary>
public sealed class HotProvider(ProviderInstance instance) : IAsyncGeneratorProvider
{
    private const string GatePrefix = "gate:";

    private static readonly string _version = $"v{typeof(HotProvider).Assembly.GetName().Version!.Major}";

    public ProviderMetadata Metadata { get; } = MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = PromptFormatter.LastUserMessage(request.Messages);
        if (message.StartsWith(GatePrefix, StringComparison.Ordinal))
        {
            yield return new TextDelta($"{_version} before ");
            var gate = AppContext.GetData(message[GatePrefix.Length..]) as Task
                ?? throw new InvalidOperationException($"no gate named {message[GatePrefix.Length..]}");
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            yield return new TextDelta($"{_version} after");
        }
        else
        {
            await Task.Yield();
            yield return new TextDelta($"{_version}: {message}");
        }

        yield return new FinishItem(FinishReason.Stop);
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "Hot (test)",
        Url = new("http://127.0.0.1/hot"),
        Working = true,
        SupportsStream = true,
        SupportsSystemMessage = true,
        SupportsMessageHistory = false,
        DefaultModel = "hot-1",
        Models = ["hot-1"],
    };
}
