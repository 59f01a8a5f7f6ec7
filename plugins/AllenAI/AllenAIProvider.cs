using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>The Ai2 Playground (olmo-api) streaming chat provider.</summary>
public sealed class AllenAIProvider(IHttpClientFactory httpClientFactory, IOptions<AllenAIOptions> options) : IAsyncGeneratorProvider
{
    public const string HttpClientName = "AllenAI";

    public static ProviderMetadata Info { get; } = new()
    {
        Name = "AllenAI",
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

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = httpClientFactory;
        _ = options;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw new ProviderException(Info.Name, "The Ai2 streaming protocol is not implemented yet.");
#pragma warning disable CS0162 // Unreachable until the protocol lands.
        yield break;
#pragma warning restore CS0162
    }
}
