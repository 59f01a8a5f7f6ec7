using System.Net;
using Providers.Abstractions;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>Opening a provider's stream up to its first output, for providers that are not C# iterators.</summary>
public sealed class FirstOutputTests
{
    private static readonly ChatRequest Request = new() { Model = "m", Messages = [new ChatMessage(ChatRole.User, "hi")] };

    [Fact]
    public async Task OpenAsync_FirstReadFails_DisposesTheStreamAndThrowsTheFailure()
    {
        var down = new UpstreamException("P", HttpStatusCode.BadGateway, null, "down");
        var stream = new FailingStream(down);
        var provider = FakeProvider.Create("P", ["m"]);
        provider.StreamCallback = (_, _) => stream;

        var error = await Assert.ThrowsAsync<UpstreamException>(() => FirstOutput.OpenAsync(provider, Request, CancellationToken.None));

        Assert.Same(down, error);
        Assert.Equal(1, stream.Disposals);
    }

    [Fact]
    public async Task OpenAsync_StreamAlsoFailsToDispose_TheOriginalFailureSurfaces()
    {
        var down = new UpstreamException("P", HttpStatusCode.BadGateway, null, "down");
        var stream = new FailingStream(down, disposeError: new InvalidOperationException("dispose failed"));
        var provider = FakeProvider.Create("P", ["m"]);
        provider.StreamCallback = (_, _) => stream;

        var error = await Assert.ThrowsAsync<UpstreamException>(() => FirstOutput.OpenAsync(provider, Request, CancellationToken.None));

        Assert.Same(down, error);
        Assert.Equal(1, stream.Disposals);
    }

    /// <summary>A hand-written stream (not an iterator) whose first read fails, counting disposals.</summary>
    private sealed class FailingStream(Exception error, Exception? disposeError = null) : IAsyncEnumerable<ResponseItem>, IAsyncEnumerator<ResponseItem>
    {
        public int Disposals { get; private set; }

        public ResponseItem Current => throw new InvalidOperationException("No item.");

        public IAsyncEnumerator<ResponseItem> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromException<bool>(error);

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return disposeError is null ? ValueTask.CompletedTask : ValueTask.FromException(disposeError);
        }
    }
}
