namespace Providers.Host.Cli;

/// <summary>One provider a plugin gave, in <c>plugins --json</c>; <c>host providers</c> has the rest of it under the same name.</summary>
/// <param name="Name">The provider's name.</param>
/// <param name="Type">The provider type it was built from.</param>
/// <param name="Status">Active, Disabled or Malfunctioned.</param>
/// <param name="Error">Why it malfunctioned; null otherwise.</param>
internal sealed record PluginInstanceJson(string Name, string Type, string Status, string? Error);
