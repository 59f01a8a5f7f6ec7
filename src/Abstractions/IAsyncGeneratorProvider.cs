namespace Providers.Abstractions;

/// <summary>A chat provider: static capability metadata plus one streaming entry point.</summary>
/// <remarks>
/// Implementations are registered as singletons and must be safe to call concurrently.
/// The returned sequence yields <see cref="TextDelta"/> items as they arrive, at most one
/// <see cref="ConversationUpdate"/> and ends with one <see cref="FinishItem"/>. A failure after
/// some text has been yielded is raised as an exception from the enumerator, so the caller keeps
/// what it already received.
/// </remarks>
public interface IAsyncGeneratorProvider
{
    /// <summary>Identity and capability flags; data only, readable without a request.</summary>
    ProviderMetadata Metadata { get; }

    /// <summary>Streams the reply to <paramref name="request"/>.</summary>
    /// <param name="request">The model, messages, sampling options and conversation state.</param>
    /// <param name="cancellationToken">Cancels the upstream request at once.</param>
    IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default);
}
