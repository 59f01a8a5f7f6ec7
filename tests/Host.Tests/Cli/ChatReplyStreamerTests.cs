using System.Runtime.CompilerServices;
using Providers.Abstractions;
using Providers.Host.Cli;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Cli;

/// <summary>How <c>host chat</c> moves a reply to standard output: when it flushes, and when it stops reading.</summary>
public sealed class ChatReplyStreamerTests : IDisposable
{
    private static readonly ChatRequest Request = new() { Model = "fake-1", Messages = [new ChatMessage(ChatRole.User, "hi")] };

    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"]);
    private readonly FlushRecordingWriter _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task StreamAsync_EveryItemAlreadyThere_WritesTheWholeReplyInOneFlush()
    {
        string[] pieces = [.. Enumerable.Range(0, 100).Select(i => $"{i} ")];
        _provider.StreamCallback = (_, _) => Ready([.. pieces.Select(p => new TextDelta(p)), new FinishItem(FinishReason.Stop)]);

        var reply = await StreamAsync();

        Assert.Equal([string.Concat(pieces)], _output.Flushes);
        Assert.Equal(string.Concat(pieces), reply.Text);
    }

    [Fact]
    public async Task StreamAsync_UpstreamPauses_TextSoFarReachesTheOutputBeforeTheNextItem()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.StreamCallback = (_, token) => PauseAfter(["a", "b"], resume.Task, ["c"], token);

        var streaming = StreamAsync();
        var first = await _output.FirstFlush.WaitAsync(TimeSpan.FromSeconds(30));
        resume.SetResult();
        var reply = await streaming.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("ab", first);
        Assert.Equal(["ab", "c"], _output.Flushes);
        Assert.Equal("abc", reply.Text);
    }

    [Fact]
    public async Task StreamAsync_OutputClosed_StopsReadingAndCancelsTheUpstream()
    {
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.StreamCallback = (_, token) => TextThenWait("x", ended, token);
        _output.Closed = true;

        await Assert.ThrowsAsync<OutputClosedException>(StreamAsync);

        Assert.True(await ended.Task.WaitAsync(TimeSpan.FromSeconds(30)), "the upstream's token was not cancelled");
    }

    [Fact]
    public async Task StreamAsync_ProviderReportsUsage_ReplyCarriesIt()
    {
        _provider.StreamCallback = (_, _) => Ready([new TextDelta("a"), new UsageItem(11, 3, 14), new FinishItem(FinishReason.Stop)]);

        var reply = await StreamAsync();

        Assert.Equal(new UsageItem(11, 3, 14), reply.Usage);
        Assert.Equal(FinishReason.Stop, reply.Finish?.Reason);
        Assert.Equal(["a"], _output.Flushes);
    }

    [Theory]
    [InlineData(11, 3, 14, "host: tokens: 11 prompt, 3 completion, 14 total\n")]
    [InlineData(null, 3, null, "host: tokens: 3 completion\n")]
    [InlineData(null, null, null, "")]
    public async Task WriteUsageAsync_KnownCountsOnOneLineOfStandardError(int? prompt, int? completion, int? total, string expected)
    {
        using var error = new StringWriter { NewLine = "\n" };
        var writer = new ReplyWriter(_output, error, showThinking: false, outputIsTerminal: false);

        await writer.WriteUsageAsync(new UsageItem(prompt, completion, total));

        Assert.Equal(expected, error.ToString());
        Assert.Equal("", _output.ToString());
    }

    private Task<ChatReply> StreamAsync() =>
        ChatReplyStreamer.StreamAsync(_provider, Request, new ReplyWriter(_output, TextWriter.Null, showThinking: false, outputIsTerminal: false),
            CancellationToken.None);

#pragma warning disable CS1998 // Without an await, every item is ready at once: what a burst of buffered network data looks like.
    private static async IAsyncEnumerable<ResponseItem> Ready(ResponseItem[] items)
#pragma warning restore CS1998
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<ResponseItem> PauseAfter(string[] before, Task resume, string[] after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var text in before)
        {
            yield return new TextDelta(text);
        }

        await resume.WaitAsync(cancellationToken);
        foreach (var text in after)
        {
            yield return new TextDelta(text);
        }

        yield return new FinishItem(FinishReason.Stop);
    }

    // Like an upstream that sent one token and is thinking: the output is flushed while it waits.
    private static async IAsyncEnumerable<ResponseItem> TextThenWait(string text, TaskCompletionSource<bool> ended,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new TextDelta(text);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield return new FinishItem(FinishReason.Stop);
        }
        finally
        {
            ended.TrySetResult(cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Records what each flush handed on; when <see cref="Closed"/>, flushing fails as a closed pipe does.</summary>
    private sealed class FlushRecordingWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _firstFlush = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _flushed;

        public List<string> Flushes { get; } = [];

        public Task<string> FirstFlush => _firstFlush.Task;

        public bool Closed { get; set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            if (Closed)
            {
                throw new IOException("Broken pipe");
            }

            var all = ToString();
            if (all.Length > _flushed)
            {
                Flushes.Add(all[_flushed..]);
                _firstFlush.TrySetResult(all[_flushed..]);
                _flushed = all.Length;
            }

            return Task.CompletedTask;
        }
    }
}
