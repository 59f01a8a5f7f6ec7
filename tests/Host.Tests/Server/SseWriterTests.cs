using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CsCheck;
using Providers.Host.Server;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Tests.Server;

/// <summary>
/// The event writer serializes with the generated context and its own encoder; what it sends must be
/// byte for byte what the wire context (the one every other body is written with) writes.
/// </summary>
public sealed class SseWriterTests
{
    // Text where escaping differs between encoders: quotes, backslashes, controls, HTML-sensitive
    // characters, non-Latin text, U+2028/U+2029, emoji (surrogate pairs) and lone surrogates.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[0, 30],
        Gen.Char.Array[0, 12].Select(c => new string(c)),
        Gen.OneOf("", "\"", "\\", "\n", "\u0000", "\u001f", "<script>&'", "é日本", "\u2028\u2029", "👋", "\uD83D", "\uDC4B", "+/=")
            .Array[1, 6].Select(string.Concat));

    private static readonly Gen<ChatCompletionChunk> Chunk = Gen.Select(Text, Gen.Long, Text, Text.Null(), Text.Null(), Gen.OneOf<string?>(null, "stop", "length"))
        .Select((id, created, model, content, reasoning, finish) =>
            new ChatCompletionChunk(id, created, model, [new ChunkChoice(0, new ChunkDelta { Content = content, ReasoningContent = reasoning }, finish)]));

    [Fact]
    public void WriteAsync_AnyChunk_SendsTheWireContextsBytes()
    {
        Gen.Select(Chunk.Array[1, 4], Gen.Int[0, 40]).Sample((chunks, sendEvery) =>
        {
            var expected = string.Concat(chunks.Select(c => $"data: {JsonSerializer.Serialize(c, ServerJsonContext.Wire.ChatCompletionChunk)}\n\n")) +
                "data: [DONE]\n\n";
            var sent = Send(async sse =>
            {
                for (var i = 0; i < chunks.Length; i++)
                {
                    await sse.WriteAsync(chunks[i], ServerJsonContext.Events.ChatCompletionChunk, CancellationToken.None);
                    if (sendEvery > 0 && i % sendEvery == 0)
                    {
                        await sse.SendAsync(CancellationToken.None);
                    }
                }

                await sse.WriteDoneAsync(CancellationToken.None);
            });
            Assert.Equal(expected, sent);
        });
    }

    [Fact]
    public void WriteAsync_AnyTextInAChunkFrame_SendsWhatTheSerializerWritesForTheWholeChunk()
    {
        Gen.Select(Text, Gen.Long, Text, Text.Array[1, 5], Gen.Bool).Sample((id, created, model, texts, reasoning) =>
        {
            ChatCompletionChunk Chunk(string text) => new(id, created, model,
                [new ChunkChoice(0, reasoning ? new ChunkDelta { ReasoningContent = text } : new ChunkDelta { Content = text }, null)]);
            var frame = ChunkFrame.Of(Chunk(""), reasoning ? "reasoning_content" : "content");
            var expected = string.Concat(texts.Select(t => $"data: {JsonSerializer.Serialize(Chunk(t), ServerJsonContext.Wire.ChatCompletionChunk)}\n\n"));
            Assert.Equal(expected, Send(async sse =>
            {
                foreach (var text in texts)
                {
                    await sse.WriteAsync(frame, text, CancellationToken.None);
                }

                await sse.SendAsync(CancellationToken.None);
            }));
        });
    }

    [Fact]
    public void ChunkFrameOf_FieldNotEmptyInTheSample_Throws()
    {
        var chunk = new ChatCompletionChunk("id", 1, "\"content\":\"\"", [new ChunkChoice(0, new ChunkDelta { Content = "x" }, null)]);
        Assert.Throws<ArgumentException>(() => ChunkFrame.Of(chunk, "content"));
    }

    [Fact]
    public void WriteEventAsync_AnyResponsesDelta_SendsTheWireContextsBytes()
    {
        Gen.Select(Gen.OneOf("response.output_text.delta", "response.created", "error"), Gen.Int[0, 1000], Text).Sample((type, sequence, delta) =>
        {
            var e = new ResponseStreamEvent(type, sequence) { ItemId = "msg_1", OutputIndex = 0, ContentIndex = 0, Delta = delta };
            var expected = $"event: {type}\ndata: {JsonSerializer.Serialize(e, ServerJsonContext.Wire.ResponseStreamEvent)}\n\n";
            Assert.Equal(expected, Send(async sse =>
            {
                await sse.WriteEventAsync(e.Type, e, ServerJsonContext.Events.ResponseStreamEvent, CancellationToken.None);
                await sse.SendAsync(CancellationToken.None);
            }));
        });
    }

    [Fact]
    public void WriteAsync_NonLatinText_IsSentAsUtf8NotEscaped()
    {
        var chunk = new ChatCompletionChunk("id", 1, "m", [new ChunkChoice(0, new ChunkDelta { Content = "é日本 <b>\"" }, null)]);
        var sent = Send(async sse =>
        {
            await sse.WriteAsync(chunk, ServerJsonContext.Events.ChatCompletionChunk, CancellationToken.None);
            await sse.SendAsync(CancellationToken.None);
        });
        Assert.Equal(
            "data: {\"id\":\"id\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é日本 <b>\\\"\"},\"finish_reason\":null}],\"object\":\"chat.completion.chunk\"}\n\n",
            sent);
    }

    [Fact]
    public async Task WriteAsync_PastTheThreshold_SendsByItselfAndNotBefore()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var sse = new SseWriter(pipe.Writer);
        var chunk = new ChatCompletionChunk("id", 1, "m", [new ChunkChoice(0, new ChunkDelta { Content = new string('x', 1000) }, null)]);
        var eventBytes = Encoding.UTF8.GetByteCount($"data: {JsonSerializer.Serialize(chunk, ServerJsonContext.Wire.ChatCompletionChunk)}\n\n");
        var written = 0;
        while (!pipe.Reader.TryRead(out _))
        {
            Assert.True(written * eventBytes < SseWriter.MaxUnsentBytes, "nothing was sent past the threshold");
            await sse.WriteAsync(chunk, ServerJsonContext.Events.ChatCompletionChunk, CancellationToken.None);
            written += 1;
        }

        Assert.True(written * eventBytes >= SseWriter.MaxUnsentBytes, $"sent after {written} events of {eventBytes} bytes");
    }

    private static string Send(Func<SseWriter, Task> write)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        write(new SseWriter(pipe.Writer)).GetAwaiter().GetResult();
        pipe.Writer.Complete();
        var received = new MemoryStream();
        pipe.Reader.AsStream().CopyTo(received);
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
