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

    [Fact]
    public async Task ReplayAsync_HeldItemsFirstOutputAndTheRest_InOrderAndTheStreamDisposedOnceBeforeTheEnd()
    {
        var stream = new ScriptedStream(new TextDelta("a"), new TextDelta("b"), new FinishItem(FinishReason.Stop));
        await stream.MoveNextAsync();
        var held = new ConversationUpdate(new ConversationState { Provider = "P", Model = "m", Messages = Request.Messages });
        var replay = new FirstOutput(stream, [held]).Replay();

        var items = new List<ResponseItem>();
        while (await replay.MoveNextAsync())
        {
            items.Add(replay.Current);
            Assert.Equal(0, stream.Disposals);
        }

        Assert.Equal([held, new TextDelta("a"), new TextDelta("b"), new FinishItem(FinishReason.Stop)], items);
        Assert.Equal(1, stream.Disposals);
        Assert.False(await replay.MoveNextAsync());
        await replay.DisposeAsync();
        Assert.Equal(1, stream.Disposals);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReplayAsync_StreamFailsAfterOutput_DisposesTheStreamThenThrowsTheSameFailure(bool failsSynchronously)
    {
        var down = new UpstreamException("P", HttpStatusCode.BadGateway, null, "down");
        var stream = new ScriptedStream(new TextDelta("a")) { Failure = down, FailsSynchronously = failsSynchronously };
        await stream.MoveNextAsync();
        var replay = new FirstOutput(stream, []).Replay();
        Assert.True(await replay.MoveNextAsync());

        var error = await Assert.ThrowsAsync<UpstreamException>(async () => await replay.MoveNextAsync());

        Assert.Same(down, error);
        Assert.Equal(1, stream.Disposals);
    }

    [Fact]
    public async Task ReplayAsync_CancelledBetweenItems_ThrowsAfterTheNextReadAndDisposes()
    {
        using var cancellation = new CancellationTokenSource();
        var stream = new ScriptedStream(new TextDelta("a"), new TextDelta("b"));
        await stream.MoveNextAsync();
        var replay = new FirstOutput(stream, []).Replay(cancellation.Token);
        Assert.True(await replay.MoveNextAsync());

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await replay.MoveNextAsync());
        Assert.Equal(1, stream.Disposals);
    }

    [Fact]
    public async Task ReplayAsync_DisposedBeforeReading_DisposesTheStream()
    {
        var stream = new ScriptedStream(new TextDelta("a"));
        await stream.MoveNextAsync();

        await new FirstOutput(stream, []).Replay().DisposeAsync();

        Assert.Equal(1, stream.Disposals);
    }

    [Fact]
    public async Task OpenedStream_OpensOnFirstReadOnlyAndAFailedOpeningEndsIt()
    {
        var opened = 0;
        var down = new UpstreamException("P", HttpStatusCode.BadGateway, null, "down");
        var stream = new OpenedStream(_ =>
        {
            opened++;
            return Task.FromException<FirstOutput>(down);
        }, CancellationToken.None);
        var items = stream.GetAsyncEnumerator();
        Assert.Equal(0, opened);

        Assert.Same(down, await Assert.ThrowsAsync<UpstreamException>(async () => await items.MoveNextAsync()));
        Assert.False(await items.MoveNextAsync());
        Assert.Equal(1, opened);
    }

    [Fact]
    public async Task DeferredStream_StartsOnFirstReadOnlyAndReportsAThrowingStartThroughTheTask()
    {
        var started = 0;
        var down = new UpstreamException("P", HttpStatusCode.BadGateway, null, "down");
        var stream = new DeferredStream(_ =>
        {
            started++;
            throw down;
        }, CancellationToken.None);
        var items = stream.GetAsyncEnumerator();
        Assert.Equal(0, started);

        var next = items.MoveNextAsync();

        Assert.True(next.IsFaulted);
        Assert.Same(down, await Assert.ThrowsAsync<UpstreamException>(async () => await next));
        Assert.Equal(1, started);
    }

    /// <summary>A hand-written stream that yields its items (completing each read synchronously), then ends or fails, counting disposals.</summary>
    private sealed class ScriptedStream(params ResponseItem[] items) : IAsyncEnumerator<ResponseItem>
    {
        private int _next;

        public Exception? Failure { get; init; }

        public bool FailsSynchronously { get; init; }

        public int Disposals { get; private set; }

        public ResponseItem Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_next < items.Length)
            {
                Current = items[_next++];
                return ValueTask.FromResult(true);
            }

            if (Failure is null)
            {
                return ValueTask.FromResult(false);
            }

            return FailsSynchronously ? throw Failure : FailLaterAsync();
        }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }

        private async ValueTask<bool> FailLaterAsync()
        {
            await Task.Yield();
            throw Failure!;
        }
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
