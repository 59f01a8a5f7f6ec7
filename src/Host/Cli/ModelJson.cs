namespace Providers.Host.Cli;

/// <summary>One element of <c>models --json</c>.</summary>
/// <param name="Id">The real model id, as sent upstream.</param>
/// <param name="Provider">The provider that serves it.</param>
/// <param name="Aliases">Every alias that ends at this model: the provider's own, then host aliases from plugins.json.</param>
/// <param name="Default">Whether it is its provider's default model.</param>
internal sealed record ModelJson(string Id, string Provider, IReadOnlyList<string> Aliases, bool Default);
