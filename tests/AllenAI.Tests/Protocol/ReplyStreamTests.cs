using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.AllenAI.Protocol;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests.Protocol;

/// <summary>The enumerator that takes the items of lines already read while the provider's iterator waits at a yield.</summary>
public sealed class ReplyStreamTests
{
    [Fact]
    public async Task MoveNextAsync_LinesOfOneRead_TakenWithoutResumingTheIterator()
    {
        var iterator = new CountingIterator(WireLines.Chunk("a"), WireLines.Chunk("b"), WireLines.Chunk("c"));

        var texts = new List<string>();
        await foreach (var item in new ReplyStream(iterator.RunAsync))
        {
            texts.Add(((TextDelta)item).Text);
        }

        Assert.Equal(["a", "b", "c"], texts);
        // Once after "a", when the enumerator found no more ready lines and the iterator read on to the end.
        Assert.Equal(1, iterator.Resumptions);
    }

    [Fact]
    public async Task MoveNextAsync_ReadyLineFails_TheIteratorThrowsItWhereItReadsOn()
    {
        var iterator = new CountingIterator(WireLines.Chunk("a"), "[1, 2]\n", WireLines.Chunk("never"));
        await using var reply = new ReplyStream(iterator.RunAsync).GetAsyncEnumerator();

        Assert.True(await reply.MoveNextAsync());
        Assert.Equal(new TextDelta("a"), reply.Current);
        var failure = await Assert.ThrowsAsync<JsonException>(async () => await reply.MoveNextAsync());

        Assert.Equal("A stream line must be a JSON object.", failure.Message);
        Assert.Equal(1, iterator.Resumptions);
        Assert.True(iterator.ThrewAfterResuming);
    }

    [Fact]
    public async Task DisposeAsync_WhileItemsAreReady_EndsTheOfferAndDisposesTheIterator()
    {
        var iterator = new CountingIterator(WireLines.Chunk("a"), WireLines.Chunk("b"));
        var reply = new ReplyStream(iterator.RunAsync).GetAsyncEnumerator();
        Assert.True(await reply.MoveNextAsync());

        await reply.DisposeAsync();

        Assert.True(iterator.Disposed);
        Assert.False(iterator.Ready!.TryTake(out _));
    }

    /// <summary>An iterator shaped like the provider's: it yields each item with the lines read so far on offer.</summary>
    private sealed class CountingIterator(params string[] lines)
    {
        public int Resumptions { get; private set; }

        public bool ThrewAfterResuming { get; private set; }

        public bool Disposed { get; private set; }

        public ReadyLines? Ready { get; private set; }

        public async IAsyncEnumerable<ResponseItem> RunAsync(ReadyLines ready)
        {
            Ready = ready;
            // Not disposed here: after the enumerator is disposed, its lines must be off offer even while they are still readable.
            var reader = new JsonlLineReader(new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(lines))), 1 << 20);
            var assembler = new ReplyAssembler(NullLogger.Instance);
            try
            {
                while (true)
                {
                    ResponseItem? item;
                    try
                    {
                        ready.ThrowIfFailed();
                        while (!ReadyLines.TryNextItem(reader, assembler, out item) && await reader.ReadAsync(CancellationToken.None))
                        {
                        }
                    }
                    catch (JsonException)
                    {
                        ThrewAfterResuming = Resumptions > 0;
                        throw;
                    }

                    if (item is null)
                    {
                        break;
                    }

                    ready.Open(reader, assembler);
                    yield return item;
                    ready.Close();
                    Resumptions++;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
