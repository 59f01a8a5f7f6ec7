using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary>Writes server-sent events as OpenAI frames them: <c>data: {json}\n\n</c>, sent when nothing more is ready.</summary>
/// <remarks>
/// <para>
/// Written by hand rather than through <c>TypedResults.ServerSentEvents</c> because one stream mixes
/// chunk objects, an error object and the bare <c>[DONE]</c> sentinel.
/// </para>
/// <para>
/// A write only buffers; <see cref="SendWhileWaitingAsync"/> sends what is buffered as soon as the
/// provider's next item is not ready, so every event reaches the client the moment the server would
/// otherwise wait, and the items of one upstream read (or the role chunk, the first token and the
/// response headers) leave in one send instead of one send each. Flushing per event cost a system
/// call, a thread hop and a client wake-up per token, which is what made the server's time to first
/// token grow with concurrency. A burst past <see cref="MaxUnsentBytes"/> is sent (and waits for the
/// client) by itself, so buffering stays bounded and a slow client still holds the upstream back.
/// </para>
/// </remarks>
internal sealed class SseWriter(PipeWriter pipe)
{
    /// <summary>Buffered bytes beyond which a write sends them without waiting for the provider to pause.</summary>
    public const int MaxUnsentBytes = 16 * 1024;

    // Events are composed here and reach the response in one write per send: the response's own
    // writer takes a lock on every GetSpan/Advance, and an event written straight to it took three.
    // It starts small (an open stream that waits for its provider holds one event at most) and grows
    // to at most a burst: MaxUnsentBytes and one event.
    private readonly ArrayBufferWriter<byte> _unsent = new(512);
    private Utf8JsonWriter? _json;

    /// <summary>Writes <c>data: {json}</c>.</summary>
    /// <remarks>
    /// Pass a type info of <see cref="ServerJsonContext.Events"/>, whose generated serializer writes the
    /// event in one pass; this writer's own encoder escapes its text as <see cref="ServerJsonContext.Wire"/> does.
    /// </remarks>
    public ValueTask WriteAsync<T>(T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        WriteEventAsync(null, payload, typeInfo, cancellationToken);

    /// <summary>Writes <c>event: name</c> before the data when <paramref name="name"/> is set, as the Responses API does.</summary>
    public ValueTask WriteEventAsync<T>(string? name, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            _unsent.Write("event: "u8);
            Encoding.UTF8.GetBytes(name.AsSpan(), _unsent);
            _unsent.Write("\n"u8);
        }

        _unsent.Write("data: "u8);
        JsonSerializer.Serialize(ResetJson(), payload, typeInfo);
        return EndEvent(cancellationToken);
    }

    /// <summary>Writes <c>data: </c> and a chunk of <paramref name="frame"/> carrying <paramref name="text"/>.</summary>
    public ValueTask WriteAsync(ChunkFrame frame, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _unsent.Write("data: "u8);
        _unsent.Write(frame.Prefix.Span);
        var json = ResetJson();
        json.WriteStringValue(text);
        json.Flush();
        _unsent.Write(frame.Suffix.Span);
        return EndEvent(cancellationToken);
    }

    private Utf8JsonWriter ResetJson()
    {
        var json = _json ??= new Utf8JsonWriter(_unsent, ServerJsonContext.EventWriterOptions);
        json.Reset();
        return json;
    }

    private ValueTask EndEvent(CancellationToken cancellationToken)
    {
        _unsent.Write("\n\n"u8);
        return _unsent.WrittenCount >= MaxUnsentBytes ? SendAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes the closing <c>[DONE]</c> and sends everything.</summary>
    public ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        _unsent.Write("data: [DONE]\n\n"u8);
        return SendAsync(cancellationToken);
    }

    /// <summary>Sends what is buffered (waiting while the client does not read).</summary>
    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        if (_unsent.WrittenCount > 0)
        {
            pipe.Write(_unsent.WrittenSpan);
            _unsent.ResetWrittenCount();
        }

        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends what is buffered if the provider's pending <paramref name="step"/> has not completed yet,
    /// while it runs. The caller then awaits <paramref name="step"/> itself (its failure is the
    /// provider's, not the client's).
    /// </summary>
    /// <remarks>
    /// When the send fails the step is still awaited, its outcome dropped, before the failure
    /// propagates: an enumerator must not be disposed while a step of it runs. The request's abort
    /// token, which the provider holds, ends that step when the client is gone.
    /// </remarks>
    public async ValueTask SendWhileWaitingAsync(Task<bool> step, CancellationToken cancellationToken)
    {
        if (step.IsCompleted || _unsent.WrittenCount == 0)
        {
            return;
        }

        try
        {
            await SendAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                _ = await step.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The send's failure is the one to report; the step's is moot once the client is gone.
            catch
#pragma warning restore CA1031
            {
            }

            throw;
        }
    }
}
