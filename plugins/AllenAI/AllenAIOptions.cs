using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>The <c>providers:AllenAI</c> section of plugins.json.</summary>
public sealed class AllenAIOptions : ProviderOptions
{
    public const string SectionName = "providers:AllenAI";
}
