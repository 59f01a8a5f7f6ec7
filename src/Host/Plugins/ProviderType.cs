using Providers.Abstractions;

namespace Providers.Host.Plugins;

/// <summary>A provider class found in a plugin assembly, before it is instantiated.</summary>
/// <param name="Type">The provider class.</param>
/// <param name="Name">The name used for its config section: its static metadata's name, else the class name without "Provider".</param>
/// <param name="Metadata">Its static <c>Info</c> metadata, when it declares one.</param>
/// <param name="Error">Why the class cannot be used (for example, it implements a second copy of the contract).</param>
internal sealed record ProviderType(Type Type, string Name, ProviderMetadata? Metadata, string? Error);
