using Microsoft.Extensions.AI;
using Providers.Abstractions;

namespace Providers.Extensions.AI;

/// <summary>Turns providers into Microsoft.Extensions.AI chat clients.</summary>
public static class ProviderChatClientExtensions
{
    /// <summary>Wraps <paramref name="provider"/> in a <see cref="ProviderChatClient"/>.</summary>
    /// <param name="provider">Any provider, including a router over many.</param>
    /// <param name="timeProvider">The clock for update timestamps; the system clock when null.</param>
    public static IChatClient AsChatClient(this IAsyncGeneratorProvider provider, TimeProvider? timeProvider = null) =>
        new ProviderChatClient(provider, timeProvider);
}
