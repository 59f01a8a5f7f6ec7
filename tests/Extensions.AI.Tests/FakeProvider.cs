using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.Extensions.AI.Tests;

/// <summary>A provider whose reply is whatever the test's callback yields; records every request.</summary>
internal sealed class FakeProvider(Func<ChatRequest, CancellationToken, IAsyncEnumerable<ResponseItem>> stream) : IAsyncGeneratorProvider
{
    public List<ChatRequest> Requests { get; } = [];

    public ProviderMetadata Metadata { get; init; } = new()
    {
        Name = "Fake",
        Label = "Fake provider",
        Url = new Uri("https://fake.example"),
        ApiEndpoint = new Uri("https://api.fake.example/chat"),
        Working = true,
        SupportsStream = true,
        SupportsSystemMessage = true,
        SupportsMessageHistory = true,
        DefaultModel = "fake-1",
        Models = ["fake-1"],
    };

    public static FakeProvider Replying(params ResponseItem[] items) => new((_, token) => Yield(items, token));

    public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return stream(request, cancellationToken);
    }

    private static async IAsyncEnumerable<ResponseItem> Yield(ResponseItem[] items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
