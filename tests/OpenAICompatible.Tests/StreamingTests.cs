using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.OpenAICompatible.Tests.Fakes;
using static Providers.OpenAICompatible.Tests.Fakes.ProviderHarness;

namespace Providers.OpenAICompatible.Tests;

public sealed class StreamingTests
{
    private static readonly string[] Deltas = ["Hello", " ", "\n\n", "wörld ", "日本語", " 🙂", "\t", "end."];

    private static byte[] ExactReply() => Sse.Bytes([Sse.Role(), .. Deltas.Select(Sse.Content), Sse.Finish("stop"), Sse.Done]);

    [Fact]
    public async Task Text_deltas_arrive_exactly_with_whitespace_only_and_non_ascii_pieces_and_a_split_event()
    {
        var body = ExactReply();
        // Cut inside the multi-byte "日" and inside the "data:" prefix of the next event.
        var cut1 = Encoding.UTF8.GetByteCount(string.Concat(Sse.Role(), Sse.Content(Deltas[0]), Sse.Content(Deltas[1]), Sse.Content(Deltas[2]), Sse.Content(Deltas[3]))) + 40;
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendPiecesAsync(body, [cut1, 3, 1]);
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        Assert.Null(failure);
        Assert.Equal(Deltas, items.OfType<TextDelta>().Select(d => d.Text));
        Assert.Equal(new FinishItem(FinishReason.Stop), items[^1]);
    }

    [Fact]
    public async Task Every_byte_in_its_own_write_still_gives_the_exact_text()
    {
        var body = ExactReply();
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendPiecesAsync(body, Enumerable.Repeat(1, body.Length - 1));
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        Assert.Null(failure);
        Assert.Equal(string.Concat(Deltas), Text(items));
        Assert.IsType<FinishItem>(items[^1]);
    }

    [Fact]
    public async Task Reasoning_deltas_are_kept_apart_from_the_text()
    {
        var body = Sse.Bytes(Sse.Reasoning("reasoning_content", "think "), Sse.Reasoning("reasoning", "more"), Sse.Content("Answer"), Sse.Finish("stop"), Sse.Done);
        var (items, failure) = await ReplyToAsync(body);

        Assert.Null(failure);
        Assert.Equal([new ReasoningDelta("think "), new ReasoningDelta("more"), new TextDelta("Answer"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public async Task Usage_and_a_length_finish_are_passed_on_before_the_end()
    {
        var body = Sse.Bytes(Sse.Content("cut"), Sse.Finish("length"), Sse.Usage(12, 3), Sse.Done);
        var (items, failure) = await ReplyToAsync(body);

        Assert.Null(failure);
        Assert.Equal([new TextDelta("cut"), new UsageItem(12, 3, 15), new FinishItem(FinishReason.Length)], items);
    }

    [Fact]
    public async Task A_stream_without_done_fails_after_the_text()
    {
        var body = Sse.Bytes(Sse.Content("partial"), Sse.Finish("stop"));
        var (items, failure) = await ReplyToAsync(body);

        Assert.Equal([new TextDelta("partial")], items);
        var error = Assert.IsType<ProviderStreamException>(failure);
        Assert.Equal("Local's stream ended without data: [DONE]; the reply may be incomplete.", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task An_error_event_ends_the_reply_with_the_upstreams_message_after_the_text()
    {
        var body = Sse.Bytes(Sse.Content("So far"), Sse.Error("model crashed\nwhile generating"), Sse.Done);
        var (items, failure) = await ReplyToAsync(body);

        Assert.Equal([new TextDelta("So far")], items);
        var error = Assert.IsType<ProviderStreamException>(failure);
        Assert.Equal("Local reported an error mid-stream: model crashed while generating", error.Message);
        Assert.Equal("upstream error", error.Reason);
    }

    [Fact]
    public async Task A_reset_mid_stream_is_a_transient_stream_error_after_the_text()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Sse.Bytes(Sse.Content("Before the cut")));
            await exchange.SendAsync("data: {\"choi"u8.ToArray());
            exchange.Reset();
        });
        using var services = Services(Section(server.BaseUrl));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        Assert.Equal([new TextDelta("Before the cut")], items);
        var error = Assert.IsType<ProviderStreamException>(failure);
        Assert.Equal("connection reset", error.Reason);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("The connection to Local broke mid-stream: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_longer_than_timeoutSeconds_is_a_timeout_after_the_text()
    {
        // The fake stays silent on purpose until the provider gives up and closes the connection.
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Sse.Bytes(Sse.Content("Hi")));
            await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(60));
        });
        using var services = Services(Section(server.BaseUrl, ("timeoutSeconds", "1")));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        Assert.Equal([new TextDelta("Hi")], items);
        var timeout = Assert.IsType<ProviderTimeoutException>(failure);
        Assert.Equal(TimeSpan.FromSeconds(1), timeout.Timeout);
        Assert.Equal("Local sent nothing for 1 s (timeoutSeconds); the request was abandoned.", timeout.Message);
    }

    [Fact]
    public async Task Comments_keep_alives_and_crlf_framing_do_not_change_the_text()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            ": ping\r\n\r\n" + Sse.Content("a ").Replace("\n", "\r\n", StringComparison.Ordinal) + "data: \n\n" + Sse.Content("b") + Sse.Done);
        var (items, failure) = await ReplyToAsync(body);

        Assert.Null(failure);
        Assert.Equal([new TextDelta("a "), new TextDelta("b"), new FinishItem(FinishReason.Stop)], items);
    }

    // An upstream that answers "hi" with body in one write, then closes; what the plugin made of it.
    private static async Task<(List<ResponseItem> Items, Exception? Failure)> ReplyToAsync(byte[] body)
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(body);
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl));
        return await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));
    }
}
