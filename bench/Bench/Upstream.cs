using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.AllenAI;

namespace Providers.Bench;

/// <summary>The two in-process ways of reading the fake's reply: the floor (raw bytes) and the provider.</summary>
internal sealed class Upstream(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The floor: the same POST, the body read to its end into one reused buffer.</summary>
    public async Task<long> RawReadAsync()
    {
        using var content = new MultipartFormDataContent { { new StringContent("hi"), "content" }, { new StringContent("tulu3-405b"), "model" } };
        using var response = await _http.PostAsync(endpoint, content).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return total;
    }

    public AllenAIProvider CreateProvider() =>
        new(new Lazy<IHttpClientFactory>(new SingleClientFactory(_http)), Options.Create(new AllenAIOptions { ApiEndpoint = endpoint }));

    /// <summary>The provider alone: <c>CreateAsyncGenerator</c> consumed to the end.</summary>
    /// <param name="provider">A provider pointed at the fake.</param>
    /// <param name="text">Collects the streamed text when given; the timed run passes null.</param>
    public static async Task<ProviderRun> ConsumeAsync(AllenAIProvider provider, StringBuilder? text)
    {
        var request = new ChatRequest { Model = "tulu3-405b", Messages = [new ChatMessage(ChatRole.User, "hi")] };
        var run = new ProviderRun();
        var thread = Environment.CurrentManagedThreadId;
        await foreach (var item in provider.CreateAsyncGenerator(request).ConfigureAwait(false))
        {
            if (item is TextDelta delta)
            {
                run.Deltas++;
                text?.Append(delta.Text);
                if (Environment.CurrentManagedThreadId != thread)
                {
                    run.ThreadChanges++;
                    thread = Environment.CurrentManagedThreadId;
                }
            }
            else if (item is FinishItem finish)
            {
                run.Finish = finish.Reason;
            }
        }

        return run;
    }

    public void Dispose() => _http.Dispose();

    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}
