using System.ComponentModel.DataAnnotations;
using Providers.Abstractions;

namespace HelloPlugin;

/// <summary>A <c>Hello</c> instance's section in plugins.json: the keys every provider has, plus <c>greeting</c>.</summary>
public sealed class HelloOptions : ProviderOptions
{
    [Required]
    [MinLength(1)]
    public string Greeting { get; set; } = "Hello";
}
