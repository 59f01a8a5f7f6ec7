using System.Globalization;
using System.Text.RegularExpressions;
using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>A <see cref="ChatRequest"/> checked and resolved into exactly what goes on the wire.</summary>
/// <remarks>
/// Built before any I/O, so a bad value is a usage error (<see cref="InvalidChatRequestException"/>)
/// rather than a 400 from upstream. Never touches the caller's message list.
/// </remarks>
internal sealed partial record PreparedRequest
{
    public const string HostOption = "host";
    public const string PrivateOption = "private";
    public const string ParentKey = "parent";
    public const string AnonymousUserIdKey = "x_anonymous_user_id";

    internal const int MaxTokensLimit = 2048;

    public required string ModelId { get; init; }

    /// <summary>The host form field for the model (<c>/v4/threads/</c> gets it only when <see cref="HostIsExplicit"/>).</summary>
    public required string Host { get; init; }

    /// <summary>Whether the host came from configuration or the request rather than the built-in map.</summary>
    public required bool HostIsExplicit { get; init; }

    public required string Prompt { get; init; }

    public required string? Parent { get; init; }

    public required string AnonymousUserId { get; init; }

    public required bool Private { get; init; }

    public required double? Temperature { get; init; }

    public required double? TopP { get; init; }

    public required int? MaxTokens { get; init; }

    public required IReadOnlyList<string> Stop { get; init; }

    /// <summary>The history before this turn plus this turn's user message(s); the reply is appended at the end.</summary>
    public required IReadOnlyList<ChatMessage> HistoryWithUserTurn { get; init; }

    public bool IsContinuation => Parent is not null;

    /// <exception cref="InvalidChatRequestException">A value is outside the server's ranges, the messages carry no prompt, or the conversation's parent or anonymous id is malformed.</exception>
    /// <exception cref="ModelNotFoundException">The model is not one of the provider's ids or aliases.</exception>
    public static PreparedRequest Create(ChatRequest request, AllenAIOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        var modelId = ModelResolver.Resolve(AllenAIProvider.Info, request.Model);
        var (host, hostIsExplicit) = request.Options.TryGetValue(HostOption, out var requestedHost) && !string.IsNullOrWhiteSpace(requestedHost)
            ? (requestedHost, true)
            : ModelHostMap.HostFor(modelId, options.ModelHosts);

        ValidateSampling(request);
        if (request.Messages is not { Count: > 0 })
        {
            throw new InvalidChatRequestException("messages", "At least one message is required.");
        }

        var conversation = request.Conversation;
        var parent = conversation?.Get(ParentKey);
        var anonymousUserId = parent is not null ? conversation?.Get(AnonymousUserIdKey) : null;
        ValidateConversationValues(parent, anonymousUserId);
        var previous = conversation?.Messages ?? [];
        string prompt;
        IReadOnlyList<ChatMessage> history;
        if (parent is not null)
        {
            // The server rebuilds context from parent: send only the new user turn, never the history.
            prompt = PromptFormatter.LastUserMessage(request.Messages);
            history = [.. previous, new ChatMessage(ChatRole.User, prompt)];
        }
        else
        {
            // A new thread: the system message and any prior turns are folded into one prompt,
            // since Ai2 takes no system message (supports_system_message = false).
            prompt = PromptFormatter.FormatPrompt(request.Messages);
            history = [.. request.Messages];
        }

        if (prompt.Length == 0)
        {
            throw new InvalidChatRequestException("messages", "The request has no user message to send.");
        }

        return new PreparedRequest
        {
            ModelId = modelId,
            Host = host,
            HostIsExplicit = hostIsExplicit,
            Prompt = prompt,
            Parent = parent,
            // One fresh id per new conversation; a continuation must reuse its id or Ai2 answers 403.
            AnonymousUserId = anonymousUserId ?? Guid.NewGuid().ToString(),
            Private = ParsePrivate(request.Options),
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxTokens = request.MaxTokens,
            Stop = [.. request.Stop],
            HistoryWithUserTurn = history,
        };
    }

    /// <summary>Formats a sampling value the way the server parses it: invariant culture, shortest round-trip form.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The server's ranges (src/dao/message.py): temperature 0–1 and top_p 0.01–1 in steps of 0.01, max_tokens 1–2048.</summary>
    private static void ValidateSampling(ChatRequest request)
    {
        if (request.Temperature is { } temperature && !(temperature is >= 0 and <= 1 && IsHundredth(temperature)))
        {
            throw new InvalidChatRequestException("temperature",
                $"temperature must be between 0 and 1 in steps of 0.01 for Ai2, not {FormatNumber(temperature)}.");
        }

        if (request.TopP is { } topP && !(topP is >= 0.01 and <= 1 && IsHundredth(topP)))
        {
            throw new InvalidChatRequestException("top_p",
                $"top_p must be between 0.01 and 1 in steps of 0.01 for Ai2, not {FormatNumber(topP)}.");
        }

        if (request.MaxTokens is { } maxTokens && maxTokens is < 1 or > MaxTokensLimit)
        {
            throw new InvalidChatRequestException("max_tokens",
                $"max_tokens must be between 1 and {MaxTokensLimit} for Ai2, not {maxTokens.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (request.Stop.Any(string.IsNullOrEmpty))
        {
            throw new InvalidChatRequestException("stop", "Stop sequences must not be empty.");
        }
    }

    /// <summary>
    /// The conversation file is user-editable: a parent that is no message id, or an anonymous id
    /// that cannot be an HTTP header value (CR/LF would make the header API throw), is a bad file,
    /// not an internal error. The values are never echoed: they may hold line breaks.
    /// </summary>
    private static void ValidateConversationValues(string? parent, string? anonymousUserId)
    {
        if (parent is not null && !MessageId().IsMatch(parent))
        {
            throw new InvalidChatRequestException(ParentKey,
                $"conversation: {ParentKey} must be an Ai2 message id such as msg_V8C1M5X2R7; the conversation file is damaged.");
        }

        if (anonymousUserId is not null && !IsHeaderSafe(anonymousUserId))
        {
            throw new InvalidChatRequestException(AnonymousUserIdKey,
                $"conversation: {AnonymousUserIdKey} must be non-blank printable ASCII without control characters or surrounding spaces; the conversation file is damaged.");
        }
    }

    private static bool IsHeaderSafe(string value) =>
        value.Length > 0
        && value[0] != ' '
        && value[^1] != ' '
        && value.All(static c => c is >= ' ' and <= '~');

    [GeneratedRegex(@"\Amsg_[A-Za-z0-9_-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();

    private static bool IsHundredth(double value)
    {
        var hundredths = value * 100;
        return Math.Abs(hundredths - Math.Round(hundredths)) < 1e-9;
    }

    private static bool ParsePrivate(IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue(PrivateOption, out var value))
        {
            return true;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new InvalidChatRequestException(PrivateOption, $"private must be true or false, not '{value}'.");
    }
}
