using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>The outcome of opening one candidate: its stream positioned on the first item, or why it failed.</summary>
internal readonly record struct FirstOutput(IAsyncEnumerator<ResponseItem>? Stream, Exception? Failure)
{
    public static FirstOutput Opened(IAsyncEnumerator<ResponseItem> stream) => new(stream, null);

    public static FirstOutput Failed(Exception failure) => new(null, failure);
}
