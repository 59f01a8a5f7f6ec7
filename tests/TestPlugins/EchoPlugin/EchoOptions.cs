using System.ComponentModel.DataAnnotations;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>An <c>Echo</c> instance's section: the common keys plus a prefix.</summary>
public sealed class EchoOptions : ProviderOptions
{
    [Required]
    [MinLength(1)]
    public string Prefix { get; set; } = "echo: ";
}
