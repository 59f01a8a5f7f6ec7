using System.Collections.Frozen;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.AllenAI.Http;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI;

/// <summary>The Ai2 Playground (olmo-api) streaming chat provider.</summary>
/// <remarks>
/// Thread-safe singleton. Each call sends one multipart POST and streams the JSON-lines reply:
/// <see cref="TextDelta"/> and <see cref="ReasoningDelta"/> items as they arrive, then one
/// <see cref="ConversationUpdate"/> (next <c>parent</c>, anonymous user id, whole history) and one
/// <see cref="FinishItem"/>. A failure after the stream started is thrown after the text already
/// yielded; when the server had finalised the partial reply (its final tree arrived) the
/// <see cref="ConversationUpdate"/> is still yielded first, because that reply is a valid parent.
/// </remarks>
public sealed class AllenAIProvider : IAsyncGeneratorProvider
{
    public const string HttpClientName = "AllenAI";
    public const string ProviderName = "AllenAI";

    internal const int ResponseBufferBytes = 64 * 1024;

    private readonly Lazy<IHttpClientFactory> _httpClientFactory;
    private readonly AllenAIOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly EndpointSelector _endpoints;

    /// <summary>Creates the provider of one instance; <paramref name="instance"/>'s name becomes <see cref="Metadata"/>'s (null: <see cref="ProviderName"/>).</summary>
    public AllenAIProvider(Lazy<IHttpClientFactory> httpClientFactory, IOptions<AllenAIOptions> options,
        ILogger<AllenAIProvider>? logger = null, TimeProvider? timeProvider = null, ProviderInstance? instance = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _endpoints = new EndpointSelector(_options.Protocol, _options.ApiEndpoint ?? Info.ApiEndpoint!);
        Metadata = instance is null ? Info : MetadataFor(instance);
    }

    /// <summary>What every instance is and serves; only the name differs between instances.</summary>
    internal static ProviderMetadata Info { get; } = new()
    {
        Name = ProviderName,
        Label = "Ai2 Playground",
        Url = new("https://playground.allenai.org"),
        LoginUrl = null,
        ApiEndpoint = new("https://olmo-api.allen.ai/v4/message/stream"),
        Working = true,
        NeedsAuth = false,
        UseNodriver = false,
        SupportsStream = true,
        SupportsSystemMessage = false,
        SupportsMessageHistory = true,
        DefaultModel = "tulu3-405b",
        Models = ["tulu3-405b", "OLMo-2-1124-13B-Instruct", "tulu-3-1-8b", "Llama-3-1-Tulu-3-70B", "olmoe-0125"],
        ModelAliases = new Dictionary<string, string>
        {
            ["tulu-3-405b"] = "tulu3-405b",
            ["olmo-2-13b"] = "OLMo-2-1124-13B-Instruct",
            ["tulu-3-1-8b"] = "tulu-3-1-8b",
            ["tulu-3-70b"] = "Llama-3-1-Tulu-3-70B",
            ["llama-3.1-405b"] = "tulu-3-405b",
            ["llama-3.1-8b"] = "tulu-3-1-8b",
            ["llama-3.1-70b"] = "Llama-3-1-Tulu-3-70B",
        }.ToFrozenDictionary(StringComparer.Ordinal),
    };

    public ProviderMetadata Metadata { get; }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => Info with { Name = instance.Name };

    public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        new ReplyStream(ready => StreamAsync(request, ready, cancellationToken));

    /// <summary>
    /// The reply: sends the request, reads the body, yields the items of its lines and ends the reply.
    /// While it waits at a chunk's <c>yield return</c>, <paramref name="ready"/> offers the lines already
    /// read to the <see cref="ReplyStream"/> enumerator, which takes their items without resuming it.
    /// </summary>
    private async IAsyncEnumerable<ResponseItem> StreamAsync(ChatRequest request, ReadyLines ready, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = PreparedRequest.Create(request, _options);

        using var idle = new IdleTimeout(_timeProvider, TimeSpan.FromSeconds(_options.TimeoutSeconds), cancellationToken);
        using var response = await SendAsync(prepared, idle, cancellationToken).ConfigureAwait(false);

        var assembler = new ReplyAssembler(_logger);
        ProviderException? transportFailure = null;
        var body = await ReadBodyAsync(response, idle, cancellationToken).ConfigureAwait(false);
        var lines = new JsonlLineReader(body, _options.MaxLineBytes, idle, ResponseBufferBytes);
        try
        {
            // Lines already read are parsed and yielded one by one without an await (a read holds
            // hundreds of chunks); the body is read again only when they run out. A failure
            // mid-read ends the stream after the items of the lines before it.
            while (true)
            {
                ResponseItem? item;
                try
                {
                    ready.ThrowIfFailed();
                    while (!ReadyLines.TryNextItem(lines, assembler, out item) && await lines.ReadAsync(idle.Token).ConfigureAwait(false))
                    {
                    }
                }
                catch (Exception ex) when (Translate(ex, idle, cancellationToken) is { } translated)
                {
                    // A failure of the upstream ends the body and is thrown after the conversation;
                    // the caller's cancellation is thrown at once.
                    transportFailure = translated as ProviderException ?? throw translated;
                    item = null;
                }

                if (item is null)
                {
                    break;
                }

                ready.Open(lines, assembler);
                yield return item;
                ready.Close();
            }
        }
        finally
        {
            ready.Close();
            // Disposing the response (by the using above) aborts the connection if the body is unread.
            lines.Dispose();
            await body.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var item in Conclude(prepared, assembler, transportFailure))
        {
            yield return item;
        }
    }

    /// <summary>
    /// Ends the reply: the next conversation when the reply has an id and either succeeded or was
    /// finalised by the server, then the finish item or the failure.
    /// </summary>
    private IEnumerable<ResponseItem> Conclude(PreparedRequest prepared, ReplyAssembler assembler, ProviderException? transportFailure)
    {
        FinishReason? finishReason = null;
        var failure = transportFailure;
        if (failure is null)
        {
            (finishReason, var streamFailure) = assembler.Complete();
            failure = streamFailure;
        }

        if (assembler.ReplyId is { } replyId && (failure is null || assembler.ReplyFinalised))
        {
            yield return new ConversationUpdate(NextConversation(prepared, replyId, assembler.Text));
        }
        else if (failure is null)
        {
            Log.ReplyIdMissing(_logger);
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.Reply(_logger, assembler.Text);
        }

        if (failure is not null)
        {
            Log.Failed(_logger, failure.Message);
            throw failure;
        }

        Log.Finished(_logger, assembler.ReplyId, finishReason!.Value, assembler.TextLength);
        yield return new FinishItem(finishReason.Value);
    }

    private static ConversationState NextConversation(PreparedRequest prepared, string replyId, string reply) =>
        new ConversationState
        {
            Provider = ProviderName,
            Model = prepared.ModelId,
            Messages = [.. prepared.HistoryWithUserTurn, new ChatMessage(ChatRole.Assistant, reply)],
        }
        .With(PreparedRequest.ParentKey, replyId)
        .With(PreparedRequest.AnonymousUserIdKey, prepared.AnonymousUserId);

    private async Task<HttpResponseMessage> SendAsync(PreparedRequest prepared, IdleTimeout idle, CancellationToken cancellationToken)
    {
        var http = _httpClientFactory.Value.CreateClient(HttpClientName);
        var target = _endpoints.Current;
        var response = await SendOnceAsync(http, target, prepared, idle, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && _endpoints.SwitchAfterNotFound(target) is { } successor)
        {
            response.Dispose();
            Log.SwitchedToSuccessor(_logger, new RedactedUri(target.Uri), new RedactedUri(successor.Uri));
            response = await SendOnceAsync(http, successor, prepared, idle, cancellationToken).ConfigureAwait(false);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            idle.Start();
            try
            {
                throw await HttpErrorMapper.ToExceptionAsync(response, prepared.IsContinuation, _timeProvider, idle.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, idle, cancellationToken) is { } translated)
            {
                throw translated;
            }
            finally
            {
                idle.Stop();
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient http, EndpointTarget target, PreparedRequest prepared, IdleTimeout idle, CancellationToken cancellationToken)
    {
        using var message = MultipartRequestBuilder.Build(target, prepared);
        Log.Sending(_logger, new RedactedUri(target.Uri), prepared.ModelId, prepared.Host, prepared.IsContinuation);
        Log.Prompt(_logger, prepared.Prompt);
        idle.Start();
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, idle, cancellationToken, connectingTo: target.Uri) is { } translated)
        {
            throw translated;
        }
        finally
        {
            idle.Stop();
        }
    }

    private static async Task<Stream> ReadBodyAsync(HttpResponseMessage response, IdleTimeout idle, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, idle, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The one place that says what a failure while waiting on Ai2 means: the caller's own
    /// cancellation, a failure of the upstream (silence, a refused connection, a broken or corrupt
    /// stream) as the shared exception, or neither (null: it propagates as is). A failure while
    /// connecting (<paramref name="connectingTo"/> set) is a connection failure, not a broken stream.
    /// </summary>
    private static Exception? Translate(Exception ex, IdleTimeout idle, CancellationToken callerToken, Uri? connectingTo = null) => ex switch
    {
        OperationCanceledException cancelled when callerToken.IsCancellationRequested => CallerCancelled(cancelled, callerToken),
        _ when !IsReadFailure(ex, callerToken) => null,
        _ when idle.HasExpired => Timeout(idle),
        _ when connectingTo is not null => new ProviderStreamException(ProviderName, "connection failed",
            $"Could not reach Ai2 at {UrlCredentials.Redact(connectingTo.GetLeftPart(UriPartial.Path))}: {UrlCredentials.Redact(OneLine.Collapse(ex.Message))}", isTransient: true, ex),
        StreamLineTooLongException tooLong => new ProviderStreamException(ProviderName, "line too long",
            $"An Ai2 stream line is longer than maxLineBytes ({tooLong.MaxLineBytes} bytes); raise providers:AllenAI:maxLineBytes if replies are legitimately this long.", isTransient: false, ex),
        JsonException => new ProviderStreamException(ProviderName, "invalid line",
            $"Ai2 sent a stream line that is not valid JSON; the stream is corrupt or was cut mid-line ({UrlCredentials.Redact(OneLine.Collapse(ex.Message))}).", isTransient: true, ex),
        _ => new ProviderStreamException(ProviderName, "connection reset",
            $"The connection to Ai2 broke mid-stream: {UrlCredentials.Redact(OneLine.Collapse(ex.Message))}", isTransient: true, ex),
    };

    /// <summary>Reports the caller's own token: the linked token that actually fired means nothing to the caller.</summary>
    private static OperationCanceledException CallerCancelled(OperationCanceledException inner, CancellationToken cancellationToken) =>
        new("The Ai2 request was cancelled.", inner, cancellationToken);

    /// <summary>Failures of the upstream, as opposed to the caller cancelling (which propagates as is).</summary>
    private static bool IsReadFailure(Exception ex, CancellationToken callerToken) =>
        !callerToken.IsCancellationRequested
        && ex is IOException or HttpRequestException or JsonException or StreamLineTooLongException or OperationCanceledException;

    private static ProviderTimeoutException Timeout(IdleTimeout idle) =>
        new(ProviderName, idle.Limit, $"Ai2 sent nothing for {idle.Limit.TotalSeconds:0.###} s (timeoutSeconds); the request was abandoned.");
}
