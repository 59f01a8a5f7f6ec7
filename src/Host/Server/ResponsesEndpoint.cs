using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Routing;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary><c>POST /v1/responses</c>: the Responses API for text, streaming and not, continued by <c>previous_response_id</c>.</summary>
/// <remarks>
/// Failures before output are real HTTP statuses, as for chat completions. Each completed response
/// keeps the provider's own conversation state in a bounded <see cref="ResponseStore"/>; continuing
/// it sends that state upstream (for Ai2, the parent message), so a stateful provider continues its
/// own thread rather than receiving the history again. The stream follows OpenAI's event sequence:
/// <c>response.created</c>, <c>response.in_progress</c>, <c>response.output_item.added</c>,
/// <c>response.content_part.added</c>, <c>response.output_text.delta</c>…, <c>response.output_text.done</c>,
/// <c>response.content_part.done</c>, <c>response.output_item.done</c>, then <c>response.completed</c>
/// (<c>response.incomplete</c> at the token limit, <c>response.failed</c> after a mid-stream failure).
/// </remarks>
internal sealed class ResponsesEndpoint(RouterProvider router, TimeProvider time, ServerOptions options, CapabilityGate gate,
    ResponseStore store, ILogger<ResponsesEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        var (input, request, failure) = await ReadAsync(context).ConfigureAwait(false);
        if (failure is not null)
        {
            ServerLog.RejectedBody(logger, failure.Code);
            await failure.WriteAsync(context).ConfigureAwait(false);
            return;
        }

        ServerLog.ResponseRequested(logger, request!.Model, input!.Stream, input.PreviousResponseId is not null);
        var route = new RouteContext();
        var reply = new Reply($"resp_{Guid.NewGuid():N}", $"msg_{Guid.NewGuid():N}", time.GetUtcNow().ToUnixTimeSeconds(), input, request, route);
        var items = router.CreateAsyncGenerator(request, route, aborted).GetAsyncEnumerator(aborted);
        await using (items.ConfigureAwait(false))
        {
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new ProviderStreamException(RouterProvider.RouterName, "empty reply", "The provider ended the reply without any output.");
                }

                reply.Observe(items.Current);
                if (input.Stream)
                {
                    await StreamAsync(context, items, reply).ConfigureAwait(false);
                }
                else
                {
                    while (await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        reply.Observe(items.Current);
                    }

                    Keep(reply);
                    await context.Response.WriteAsJsonAsync(reply.ToResponse(), ServerJsonContext.Wire.ResponseObject, contentType: null, aborted)
                        .ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                ServerLog.ClientDisconnected(logger, request.Model);
            }
            catch (Exception error) when (!context.Response.HasStarted)
            {
                var answer = OpenAIError.From(error);
                ServerLog.FailedBeforeOutput(logger, request.Model, answer.Status, answer.Code, error);
                await answer.WriteAsync(context).ConfigureAwait(false);
            }
        }
    }

    private async Task<(ResponsesInput? Input, ChatRequest? Request, OpenAIError? Failure)> ReadAsync(HttpContext context)
    {
        var (document, failure) = await RequestBody.ReadAsync(context, options).ConfigureAwait(false);
        if (document is null)
        {
            return (null, null, failure);
        }

        using (document)
        {
            var needs = new List<RequiredCapability>();
            var ignored = new List<string>();
            if (ResponsesBodyReader.Read(document.RootElement, needs, ignored, out var input) is { } invalid)
            {
                return (null, null, invalid);
            }

            if (ignored.Count > 0)
            {
                ServerLog.IgnoredFields(logger, ignored);
            }

            ConversationState? previous = null;
            if (input!.PreviousResponseId is { } previousId)
            {
                previous = store.Find(previousId)?.Conversation;
                if (previous is null)
                {
                    return (null, null, new OpenAIError(StatusCodes.Status400BadRequest, RequestFields.InvalidRequest, "previous_response_not_found",
                        $"Previous response with id '{previousId}' not found (responses are kept in memory, the latest {ResponseStore.DefaultCapacity}).")
                    { Param = "previous_response_id" });
                }
            }

            var request = new ChatRequest
            {
                Model = input.Model,
                Messages = [.. previous?.Messages ?? [], .. input.Messages],
                Temperature = input.Temperature,
                TopP = input.TopP,
                MaxTokens = input.MaxTokens,
                Conversation = previous,
            };
            var model = request.Model.Length > 0 || previous is null ? request.Model : $"{previous.Provider}/{previous.Model}";
            return (input, request, gate.Check(model, needs));
        }
    }

    private async Task StreamAsync(HttpContext context, IAsyncEnumerator<ResponseItem> items, Reply reply)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var sse = new SseWriter(response.BodyWriter);
        var sequence = 0;
        ValueTask Send(ResponseStreamEvent e) => sse.WriteEventAsync(e.Type, e, ServerJsonContext.Events.ResponseStreamEvent, aborted);
        ResponseStreamEvent Event(string type) => new(type, sequence++);

        var started = reply.ToResponse("in_progress");
        await Send(Event("response.created") with { Response = started }).ConfigureAwait(false);
        await Send(Event("response.in_progress") with { Response = started }).ConfigureAwait(false);
        await Send(Event("response.output_item.added") with { OutputIndex = 0, Item = new ResponseOutputMessage(reply.ItemId, "in_progress", []) })
            .ConfigureAwait(false);
        await Send(Event("response.content_part.added") with { ItemId = reply.ItemId, OutputIndex = 0, ContentIndex = 0, Part = new ResponseOutputText("") })
            .ConfigureAwait(false);

        var pending = reply.Text.ToString();
        while (true)
        {
            if (pending.Length > 0)
            {
                await Send(Event("response.output_text.delta") with { ItemId = reply.ItemId, OutputIndex = 0, ContentIndex = 0, Delta = pending })
                    .ConfigureAwait(false);
            }

            // What is written leaves as soon as the provider's next item is not ready (see SseWriter).
            var step = items.MoveNextAsync().AsTask();
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
                ServerLog.FailedMidStream(logger, reply.Request.Model, failure.Code, error);
                var failed = reply.ToResponse("failed") with { Error = new ResponseError(failure.Code, failure.Message) };
                await Send(Event("response.failed") with { Response = failed }).ConfigureAwait(false);
                await sse.SendAsync(aborted).ConfigureAwait(false);
                return;
            }

            if (!more)
            {
                break;
            }

            pending = items.Current is TextDelta delta ? delta.Text : "";
            reply.Observe(items.Current);
        }

        Keep(reply);
        var done = reply.ToResponse();
        var text = reply.Text.ToString();
        await Send(Event("response.output_text.done") with { ItemId = reply.ItemId, OutputIndex = 0, ContentIndex = 0, Text = text }).ConfigureAwait(false);
        await Send(Event("response.content_part.done") with { ItemId = reply.ItemId, OutputIndex = 0, ContentIndex = 0, Part = new ResponseOutputText(text) })
            .ConfigureAwait(false);
        await Send(Event("response.output_item.done") with { OutputIndex = 0, Item = done.Output[0] }).ConfigureAwait(false);
        await Send(Event(done.Status == "incomplete" ? "response.incomplete" : "response.completed") with { Response = done }).ConfigureAwait(false);
        await sse.SendAsync(aborted).ConfigureAwait(false);
    }

    private void Keep(Reply reply)
    {
        if (reply.Input.Store && reply.Conversation() is { } conversation)
        {
            store.Add(new StoredResponse(reply.Id, conversation));
        }
    }

    /// <summary>What the provider has said so far for one response.</summary>
    private sealed class Reply(string id, string itemId, long createdAt, ResponsesInput input, ChatRequest request, RouteContext route)
    {
        private ConversationUpdate? _update;
        private FinishReason? _finish;

        public string Id { get; } = id;

        public string ItemId { get; } = itemId;

        public ResponsesInput Input { get; } = input;

        public ChatRequest Request { get; } = request;

        public StringBuilder Text { get; } = new();

        public void Observe(ResponseItem item)
        {
            switch (item)
            {
                case TextDelta delta:
                    Text.Append(delta.Text);
                    break;
                case ConversationUpdate update:
                    _update = update;
                    break;
                case FinishItem finish:
                    _finish = finish.Reason;
                    break;
            }
        }

        /// <summary>The provider's own state when it gave one, else the history with this reply appended.</summary>
        public ConversationState? Conversation() =>
            _update?.Conversation
            ?? (route.Selected is not { } selected ? null : new ConversationState
            {
                Provider = selected.Name,
                Model = selected.ModelId,
                Messages = [.. Request.Messages, new ChatMessage(ChatRole.Assistant, Text.ToString())],
            });

        public ResponseObject ToResponse(string? status = null)
        {
            status ??= _finish == FinishReason.Length ? "incomplete" : "completed";
            var output = status == "in_progress"
                ? []
                : new[] { new ResponseOutputMessage(ItemId, status == "incomplete" ? "incomplete" : "completed", [new ResponseOutputText(Text.ToString())]) };
            return new ResponseObject(Id, createdAt, status, route.Selected?.ModelId ?? Request.Model, output)
            {
                PreviousResponseId = Input.PreviousResponseId,
                Instructions = Input.Instructions,
                Store = Input.Store,
                IncompleteDetails = status == "incomplete" ? new ResponseIncompleteDetails("max_output_tokens") : null,
            };
        }
    }
}
