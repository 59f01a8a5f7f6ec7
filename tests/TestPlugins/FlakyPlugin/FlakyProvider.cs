using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.TestPlugins.Flaky;

/// <summary>
/// Serves AllenAI's model id and always fails, the way its <c>mode</c> says: before any output
/// (so a router must fail over) or after some text (so it must not).
/// </summary>
public sealed class FlakyProvider(IOptions<FlakyOptions> options, ProviderInstance instance) : IAsyncGeneratorProvider
{
    public const string FailBeforeOutput = "before";
    public const string FailAfterOutput = "after";
    public const string CancelItself = "cancel";

    public ProviderMetadata Metadata { get; } = FlakyProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (options.Value.Mode == CancelItself)
        {
            // What an HttpClient.Timeout inside a plugin looks like: a cancellation nobody asked for.
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
        }

        if (options.Value.Mode == FailBeforeOutput)
        {
            throw new UpstreamException(Metadata.Name, HttpStatusCode.ServiceUnavailable, null, "Flaky answered HTTP 503: Service Unavailable");
        }

        yield return new TextDelta(options.Value.Text);
        await Task.Yield();
        throw new ProviderStreamException(Metadata.Name, "connection reset", "The connection to Flaky broke mid-stream.", isTransient: true);
    }
}
