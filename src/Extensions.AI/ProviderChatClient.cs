using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Providers.Abstractions;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Providers.Extensions.AI;

/// <summary>Any <see cref="IAsyncGeneratorProvider"/> (a plugin's provider, or the host's router) as an <see cref="IChatClient"/>.</summary>
/// <remarks>
/// <para>
/// <see cref="ChatOptions.ModelId"/>, <see cref="ChatOptions.Temperature"/>, <see cref="ChatOptions.TopP"/>,
/// <see cref="ChatOptions.MaxOutputTokens"/> and <see cref="ChatOptions.StopSequences"/> map to the
/// <see cref="ChatRequest"/> fields of the same meaning. Text arrives as <see cref="TextContent"/>,
/// reasoning as <see cref="TextReasoningContent"/>, and the last update carries the
/// <see cref="ChatFinishReason"/>.
/// </para>
/// <para>
/// Conversations: the update that carries the provider's conversation state sets
/// <see cref="ChatResponseUpdate.ConversationId"/> to that state, base64url-encoded JSON (no store).
/// Passing it back as <see cref="ChatOptions.ConversationId"/> continues the conversation; then send
/// only the new messages, as with any service-managed history.
/// </para>
/// Thread-safe when the provider is (the contract requires it); disposing does not dispose the provider.
/// </remarks>
public sealed class ProviderChatClient : IChatClient
{
    private readonly IAsyncGeneratorProvider _provider;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Wraps <paramref name="provider"/>.</summary>
    /// <param name="provider">The provider to call.</param>
    /// <param name="timeProvider">The clock for <see cref="ChatResponseUpdate.CreatedAt"/>; the system clock when null.</param>
    public ProviderChatClient(IAsyncGeneratorProvider provider, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _time = timeProvider ?? TimeProvider.System;
        var metadata = provider.Metadata;
        _metadata = new ChatClientMetadata(metadata.Name, metadata.ApiEndpoint ?? metadata.Url, metadata.DefaultModel);
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        var responseId = Guid.NewGuid().ToString("N");
        var createdAt = _time.GetUtcNow();
        var modelId = string.IsNullOrEmpty(request.Model) ? _provider.Metadata.DefaultModel : request.Model;

        await foreach (var item in _provider.CreateAsyncGenerator(request, cancellationToken).ConfigureAwait(false))
        {
            var update = item switch
            {
                TextDelta text => new ChatResponseUpdate(AIChatRole.Assistant, text.Text),
                ReasoningDelta reasoning => new ChatResponseUpdate(AIChatRole.Assistant, [new TextReasoningContent(reasoning.Text)]),
                ConversationUpdate conversation => new ChatResponseUpdate(AIChatRole.Assistant, [])
                {
                    ConversationId = ConversationIds.Encode(conversation.Conversation),
                },
                FinishItem finish => new ChatResponseUpdate(AIChatRole.Assistant, [])
                {
                    FinishReason = finish.Reason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
                },

                // Kinds this adapter does not know (future kinds) carry no text.
                _ => null,
            };
            if (update is null)
            {
                continue;
            }

            update.ResponseId = responseId;
            update.MessageId = responseId;
            update.ModelId = item is ConversationUpdate { Conversation.Model: { } model } ? model : modelId;
            update.CreatedAt = createdAt;
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(_provider))
        {
            return _provider;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the provider is owned by whoever created it.</summary>
    public void Dispose()
    {
    }

    private static ChatRequest ToRequest(IEnumerable<AIChatMessage> messages, ChatOptions? options) => new()
    {
        Model = options?.ModelId ?? "",
        Messages = MessageMapper.ToProviderMessages(messages),
        Temperature = options?.Temperature,
        TopP = options?.TopP,
        MaxTokens = options?.MaxOutputTokens,
        Stop = options?.StopSequences is { } stop ? [.. stop] : [],
        Conversation = options?.ConversationId is { Length: > 0 } id ? ConversationIds.Decode(id) : null,
    };
}
