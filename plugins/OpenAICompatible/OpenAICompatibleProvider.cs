using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.OpenAICompatible.Http;
using Providers.OpenAICompatible.Streaming;

namespace Providers.OpenAICompatible;

/// <summary>Streams chat completions from one OpenAI-compatible server (one configured instance).</summary>
/// <remarks>
/// Thread-safe singleton. Each call sends the whole history as real messages (the server keeps no
/// state, so no <see cref="ConversationUpdate"/> is needed: the host stores the history) and streams
/// <see cref="TextDelta"/> and <see cref="ReasoningDelta"/> items as they arrive, then at most one
/// <see cref="UsageItem"/> and one <see cref="FinishItem"/>. A stream that breaks, reports an error
/// or ends without <c>data: [DONE]</c> throws after the text already yielded.
/// <para>
/// The stream is read with <see cref="SseParser"/> rather than the OpenAI SDK's streaming, which
/// (2.15) ends silently without <c>[DONE]</c>, passes <c>{"error": …}</c> events on as empty updates,
/// has no typed reasoning deltas, throws on a finish reason it does not know and always sends a
/// bearer token. The SDK still serves <c>GET /models</c> (<see cref="ModelDiscovery"/>).
/// </para>
/// </remarks>
internal sealed class OpenAICompatibleProvider : IAsyncGeneratorProvider
{
    public const string HttpClientName = "OpenAICompatible";

    private readonly string _name;
    private readonly OpenAICompatibleOptions _options;
    private readonly Lazy<IHttpClientFactory> _httpClientFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ApiKey _key;
    private readonly Uri _endpoint;
    private readonly Lazy<ProviderMetadata> _metadata;

    public OpenAICompatibleProvider(ProviderInstance instance, Lazy<IHttpClientFactory> httpClientFactory, IOptions<OpenAICompatibleOptions> options,
        ILogger<OpenAICompatibleProvider>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        _name = instance.Name;
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _key = new ApiKey(_name, _options.ApiKeyEnv);
        _endpoint = MetadataFactory.ChatEndpoint(_options.BaseUrl!);
        _metadata = new Lazy<ProviderMetadata>(CreateMetadata, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The instance's listing; with <c>discoverModels</c> the first read asks the server's <c>/models</c>, once.</summary>
    public ProviderMetadata Metadata => _metadata.Value;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages is not { Count: > 0 })
        {
            throw new InvalidChatRequestException("messages", "At least one message is required.");
        }

        var metadata = Metadata;
        var modelId = ModelResolver.Resolve(metadata, request.Model);
        if (modelId.Length == 0)
        {
            // Only when no models are configured and discovery found none.
            throw new ModelNotFoundException(request.Model, [], $"{_name} serves no models yet: {metadata.Error ?? "configure models"}.");
        }

        var key = _key.Read();
        var body = ChatRequestBody.Write(modelId, request, _options.SupportsSystemMessage);

        using var idle = new IdleTimeout(_timeProvider, TimeSpan.FromSeconds(_options.TimeoutSeconds), cancellationToken);
        Log.Sending(_logger, _name, _endpoint.AbsoluteUri, modelId, request.Messages.Count);
        using var response = await SendAsync(body, key, idle, cancellationToken).ConfigureAwait(false);
        var stream = await ReadBodyAsync(response, idle, cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);

        var events = SseParser.Create(stream, static (_, data) => StreamEventParser.Parse(data)).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        UsageItem? usage = null;
        string? finishReason = null;
        var done = false;
        var characters = 0;
        ProviderException? failure = null;
        try
        {
            while (!done)
            {
                StreamEvent current;
                try
                {
                    idle.Start();
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    current = events.Current.Data;
                }
                catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw CallerCancelled(ex, cancellationToken);
                }
                catch (Exception ex) when (IsReadFailure(ex, cancellationToken))
                {
                    failure = MapReadFailure(ex, idle);
                    break;
                }
                finally
                {
                    idle.Stop();
                }

                if (current.IsDone)
                {
                    done = true;
                    break;
                }

                if (current.Reasoning is { Length: > 0 } reasoning)
                {
                    yield return new ReasoningDelta(reasoning);
                }

                if (current.Content is { Length: > 0 } content)
                {
                    characters += content.Length;
                    yield return new TextDelta(content);
                }

                usage = current.Usage ?? usage;
                finishReason = current.FinishReason ?? finishReason;
                if (current.Error is { } error)
                {
                    failure = new ProviderStreamException(_name, "upstream error",
                        _key.Redact($"{_name} reported an error mid-stream: {OneLine.Collapse(error)}"));
                    break;
                }
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }

        failure ??= done ? null : new ProviderStreamException(_name, "missing end",
            $"{_name}'s stream ended without data: [DONE]; the reply may be incomplete.", isTransient: true);
        if (failure is not null)
        {
            Log.Failed(_logger, _name, failure.Message);
            throw failure;
        }

        if (usage is not null)
        {
            yield return usage;
        }

        var reason = finishReason == "length" ? FinishReason.Length : FinishReason.Stop;
        Log.Finished(_logger, _name, finishReason ?? "none", characters);
        yield return new FinishItem(reason);
    }

    private ProviderMetadata CreateMetadata()
    {
        if (!_options.DiscoverModels)
        {
            return MetadataFactory.Create(_name, _options);
        }

        var (models, error) = ModelDiscovery.Discover(_name, _options.BaseUrl!, _httpClientFactory.Value.CreateClient(HttpClientName), _key,
            TimeSpan.FromSeconds(_options.TimeoutSeconds));
        if (error is not null)
        {
            Log.DiscoveryFailed(_logger, _name, error);
        }
        else
        {
            Log.Discovered(_logger, _name, models.Count);
        }

        return MetadataFactory.Create(_name, _options, models, error);
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, string? key, IdleTimeout idle, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (key is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        HttpResponseMessage response;
        idle.Start();
        try
        {
            response = await _httpClientFactory.Value.CreateClient(HttpClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw CallerCancelled(ex, cancellationToken);
        }
        catch (Exception ex) when (IsReadFailure(ex, cancellationToken))
        {
            throw idle.HasExpired
                ? Timeout(idle)
                : new ProviderStreamException(_name, "connection failed",
                    $"Could not reach {_name} at {UrlCredentials.Redact(_endpoint)}: {UrlCredentials.Redact(OneLine.Collapse(ex.Message))}", isTransient: true, ex);
        }
        finally
        {
            idle.Stop();
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
                throw await HttpErrorMapper.ToExceptionAsync(_name, response, _key, _timeProvider, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw CallerCancelled(ex, cancellationToken);
            }
            catch (Exception ex) when (IsReadFailure(ex, cancellationToken))
            {
                throw MapReadFailure(ex, idle);
            }
            finally
            {
                idle.Stop();
            }
        }
    }

    private async Task<Stream> ReadBodyAsync(HttpResponseMessage response, IdleTimeout idle, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw CallerCancelled(ex, cancellationToken);
        }
        catch (Exception ex) when (IsReadFailure(ex, cancellationToken))
        {
            throw MapReadFailure(ex, idle);
        }
    }

    /// <summary>Reports the caller's own token: the linked token that actually fired means nothing to the caller.</summary>
    private OperationCanceledException CallerCancelled(OperationCanceledException inner, CancellationToken cancellationToken) =>
        new($"The {_name} request was cancelled.", inner, cancellationToken);

    /// <summary>Failures of the upstream, as opposed to the caller cancelling (which propagates as is).</summary>
    private static bool IsReadFailure(Exception ex, CancellationToken callerToken) =>
        !callerToken.IsCancellationRequested
        && ex is IOException or HttpRequestException or JsonException or OperationCanceledException;

    private ProviderException MapReadFailure(Exception ex, IdleTimeout idle) => ex switch
    {
        _ when idle.HasExpired => Timeout(idle),
        JsonException => new ProviderStreamException(_name, "invalid event",
            $"{_name} sent a stream event that is not valid JSON ({OneLine.Collapse(ex.Message)}).", isTransient: true, ex),
        _ => new ProviderStreamException(_name, "connection reset",
            $"The connection to {_name} broke mid-stream: {UrlCredentials.Redact(OneLine.Collapse(ex.Message))}", isTransient: true, ex),
    };

    private ProviderTimeoutException Timeout(IdleTimeout idle) =>
        new(_name, idle.Limit, $"{_name} sent nothing for {idle.Limit.TotalSeconds:0.###} s (timeoutSeconds); the request was abandoned.");
}
