using System.ComponentModel.DataAnnotations;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>The <c>providers:Echo</c> section: the common keys plus a prefix.</summary>
public sealed class EchoOptions : ProviderOptions
{
    [Required]
    [MinLength(1)]
    public string Prefix { get; set; } = "echo: ";
}
