using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.Host.Tests.Fakes;

/// <summary>A provider whose reply is whatever <see cref="StreamCallback"/> yields; records every request.</summary>
internal sealed class FakeProvider(ProviderMetadata metadata) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = metadata;

    public Func<ChatRequest, CancellationToken, IAsyncEnumerable<ResponseItem>> StreamCallback { get; set; } =
        (_, token) => Text(["ok"], token);

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    public int Calls => Requests.Count;

    public static FakeProvider Create(string name, string[] models, IReadOnlyDictionary<string, string>? aliases = null,
        bool systemMessages = true, bool history = true, bool working = true) =>
        new(new ProviderMetadata
        {
            Name = name,
            Label = $"{name} label",
            Url = new Uri($"https://{name.ToLowerInvariant()}.example"),
            ApiEndpoint = new Uri($"https://api.{name.ToLowerInvariant()}.example/v1/chat"),
            Working = working,
            SupportsStream = true,
            SupportsSystemMessage = systemMessages,
            SupportsMessageHistory = history,
            DefaultModel = models[0],
            Models = models,
            ModelAliases = (aliases ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal),
        });

    public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return StreamCallback(request, cancellationToken);
    }

    /// <summary>Each piece as a <see cref="TextDelta"/>, then <see cref="FinishItem"/> with <paramref name="finish"/>.</summary>
    public static async IAsyncEnumerable<ResponseItem> Text(string[] pieces, FinishReason finish,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in pieces)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TextDelta(piece);
        }

        yield return new FinishItem(finish);
    }

    public static IAsyncEnumerable<ResponseItem> Text(string[] pieces, CancellationToken cancellationToken) =>
        Text(pieces, FinishReason.Stop, cancellationToken);

    /// <summary>Fails before any output, the way a provider does on an HTTP error.</summary>
    public static async IAsyncEnumerable<ResponseItem> Fail(Exception error, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw error;
#pragma warning disable CS0162 // An iterator needs a yield to be one.
        yield break;
#pragma warning restore CS0162
    }

    /// <summary>Yields <paramref name="text"/>, then fails mid-stream.</summary>
    public static async IAsyncEnumerable<ResponseItem> TextThenFail(string text, Exception error,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new TextDelta(text);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw error;
    }

    /// <summary>Yields <paramref name="text"/>, then waits until cancelled and reports the cancellation.</summary>
    public static async IAsyncEnumerable<ResponseItem> TextThenHang(string text, TaskCompletionSource cancelled,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new TextDelta(text);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled.TrySetResult();
            }
        }
    }
}
