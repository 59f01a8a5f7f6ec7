using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Routing;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary><c>POST /v1/chat/completions</c>, streaming and not, over the router.</summary>
/// <remarks>
/// Nothing is written until the router has committed to a provider that produced output, so every
/// failure up to then (unknown model, upstream 5xx after failover, timeout) is a real HTTP status
/// with an OpenAI error body, even for <c>stream: true</c>. A failure after that can only be an SSE
/// error event, sent once, after which the stream stops without <c>[DONE]</c>. The request's abort
/// token is what the provider receives, so a client that disconnects cancels the upstream at once.
/// </remarks>
internal sealed class ChatCompletionsEndpoint(RouterProvider router, TimeProvider time, ServerOptions options,
    CapabilityGate gate, ILogger<ChatCompletionsEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        var parsed = await ReadRequestAsync(context).ConfigureAwait(false);
        if (parsed is null)
        {
            return;
        }

        var (request, stream, includeUsage) = parsed.Value;

        ServerLog.ChatRequested(logger, request.Model, stream);
        var route = new RouteContext();
        var items = router.CreateAsyncGenerator(request, route, aborted).GetAsyncEnumerator(aborted);
        await using (items.ConfigureAwait(false))
        {
            try
            {
                var model = await FirstItemAsync(items, route, request.Model).ConfigureAwait(false);
                if (stream)
                {
                    await StreamAsync(context, items, model, includeUsage).ConfigureAwait(false);
                }
                else
                {
                    await CompleteAsync(context, items, model).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                ServerLog.ClientDisconnected(logger, request.Model);
            }
            catch (Exception error) when (!context.Response.HasStarted)
            {
                var failure = OpenAIError.From(error);
                ServerLog.FailedBeforeOutput(logger, request.Model, failure.Status, failure.Code, error);
                await failure.WriteAsync(context).ConfigureAwait(false);
            }
        }
    }

    private async Task<(ChatRequest Request, bool Stream, bool IncludeUsage)?> ReadRequestAsync(HttpContext context)
    {
        var (document, failure) = await RequestBody.ReadAsync(context, options).ConfigureAwait(false);
        using (document)
        {
            if (document is not null)
            {
                failure = Bind(document.RootElement, out var bound);
                if (failure is null)
                {
                    return bound;
                }
            }
        }

        ServerLog.RejectedBody(logger, failure!.Code);
        await failure.WriteAsync(context).ConfigureAwait(false);
        return null;
    }

    // Checked field by field first, so binding cannot fail on a type and every 400 names its field.
    private OpenAIError? Bind(JsonElement body, out (ChatRequest Request, bool Stream, bool IncludeUsage) bound)
    {
        bound = default;
        var needs = new List<RequiredCapability>();
        var ignored = new List<string>();
        if (ChatBodyValidator.Validate(body, needs, ignored) is { } invalid)
        {
            return invalid;
        }

        if (ignored.Count > 0)
        {
            ServerLog.IgnoredFields(logger, ignored);
        }

        // Before binding: a tool message is refused for what it needs, not as an unknown role.
        if (gate.Check(body.GetProperty("model").GetString()!, needs) is { } unsupported)
        {
            return unsupported;
        }

        ChatRequest request;
        bool stream;
        bool includeUsage;
        try
        {
            var wire = body.Deserialize(ServerJsonContext.Wire.ChatCompletionRequest)!;
            request = ChatRequestMapper.ToChatRequest(wire);
            stream = wire.Stream == true;
            includeUsage = wire.StreamOptions?.IncludeUsage == true;
        }
        catch (InvalidChatRequestException error)
        {
            return RequestFields.InvalidValue(error.Parameter, error.Message);
        }

        bound = (request, stream, includeUsage);
        return null;
    }

    // Waits for the first item, so nothing is written before a provider produced output; the route
    // is known by then. The item stays current for the writers below.
    private static async Task<string> FirstItemAsync(IAsyncEnumerator<ResponseItem> items, RouteContext route, string requested)
    {
        if (!await items.MoveNextAsync().ConfigureAwait(false))
        {
            throw new ProviderStreamException(RouterProvider.RouterName, "empty reply", "The provider ended the reply without any output.");
        }

        return route.Selected?.ModelId ?? requested;
    }

    private async Task CompleteAsync(HttpContext context, IAsyncEnumerator<ResponseItem> items, string model)
    {
        var text = new ReplyText();
        ReplyText? reasoning = null;
        var finish = FinishReason.Stop;
        UsageItem? usage = null;
        // The first item is already current (see FirstItemAsync).
        do
        {
            switch (items.Current)
            {
                case UsageItem reported:
                    usage = reported;
                    break;
                case TextDelta delta:
                    text.Append(delta.Text);
                    break;
                case ReasoningDelta delta:
                    (reasoning ??= new ReplyText()).Append(delta.Text);
                    break;
                case FinishItem end:
                    finish = end.Reason;
                    break;
            }

            // Stops reading (and so cancels) the upstream instead of growing with whatever it sends.
            if (text.Length + (reasoning?.Length ?? 0) > options.MaxReplyChars)
            {
                throw new ReplyTooLargeException(options.MaxReplyChars);
            }
        }
        while (await items.MoveNextAsync().ConfigureAwait(false));

        var message = new CompletionMessage("assistant", text) { ReasoningContent = reasoning };
        var completion = new ChatCompletion(NewId(), time.GetUtcNow().ToUnixTimeSeconds(), model,
            [new CompletionChoice(0, message, ToWire(finish))])
        {
            Usage = Usage.From(usage),
        };
        await context.Response.WriteAsJsonAsync(completion, ServerJsonContext.Wire.ChatCompletion, contentType: null,
            context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, IAsyncEnumerator<ResponseItem> items, string model, bool includeUsage)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var id = NewId();
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var sse = new SseWriter(response.BodyWriter);
        ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason) => new(id, created, model, [new ChunkChoice(0, delta, finishReason)]);
        var textFrame = ChunkFrame.Of(Chunk(new ChunkDelta { Content = "" }, null), "content");
        var reasoningFrame = ChunkFrame.Of(Chunk(new ChunkDelta { ReasoningContent = "" }, null), "reasoning_content");

        await sse.WriteAsync(Chunk(new ChunkDelta { Role = "assistant", Content = "" }, null), ServerJsonContext.Events.ChatCompletionChunk, aborted)
            .ConfigureAwait(false);
        var finish = FinishReason.Stop;
        UsageItem? usage = null;
        var pending = true; // The first item is already current (see FirstItemAsync).
        while (true)
        {
            // The headers, the role chunk and the first token leave together; later, whatever is
            // written leaves as soon as the provider's next item is not ready.
            var step = pending ? Task.FromResult(true) : items.MoveNextAsync().AsTask();
            pending = false;
            await sse.SendWhileWaitingAsync(step, aborted).ConfigureAwait(false);
            bool more;
            try
            {
                more = await step.ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // Text already sent stays sent; the client learns of the failure once and the stream ends.
                var failure = OpenAIError.From(error);
                ServerLog.FailedMidStream(logger, model, failure.Code, error);
                await sse.WriteAsync(failure.ToResponse(context.TraceIdentifier), ServerJsonContext.Events.ErrorResponse, aborted).ConfigureAwait(false);
                await sse.SendAsync(aborted).ConfigureAwait(false);
                return;
            }

            if (!more)
            {
                break;
            }

            switch (items.Current)
            {
                case TextDelta text:
                    await sse.WriteAsync(textFrame, text.Text, aborted).ConfigureAwait(false);
                    break;
                case ReasoningDelta thought:
                    await sse.WriteAsync(reasoningFrame, thought.Text, aborted).ConfigureAwait(false);
                    break;
                case FinishItem end:
                    finish = end.Reason;
                    break;
                case UsageItem reported:
                    usage = reported;
                    break;
            }
        }

        await sse.WriteAsync(Chunk(new ChunkDelta(), ToWire(finish)), ServerJsonContext.Events.ChatCompletionChunk, aborted).ConfigureAwait(false);
        // Only counts the provider reported: OpenAI's SDKs ask for usage on every stream, and a made-up or empty chunk would mislead.
        if (includeUsage && Usage.From(usage) is { } counts)
        {
            await sse.WriteAsync(new UsageChunk(id, created, model, counts), ServerJsonContext.Events.UsageChunk, aborted).ConfigureAwait(false);
        }

        await sse.WriteDoneAsync(aborted).ConfigureAwait(false);
    }

    private static string ToWire(FinishReason reason) => reason == FinishReason.Length ? "length" : "stop";

    private static string NewId() => $"chatcmpl-{Guid.NewGuid():N}";
}
