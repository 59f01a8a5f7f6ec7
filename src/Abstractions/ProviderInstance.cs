using Microsoft.Extensions.Configuration;

namespace Providers.Abstractions;

/// <summary>One configured provider instance: its name and its own configuration section.</summary>
/// <param name="Name">The section's key as written (<c>providers:&lt;Name&gt;</c>); routing, listings and <c>Name/model</c> use it.</param>
/// <param name="TypeName">The <see cref="IProviderType.Name"/> it was created from.</param>
/// <param name="Configuration">The section; empty when the instance exists without one.</param>
public sealed record ProviderInstance(string Name, string TypeName, IConfiguration Configuration);
