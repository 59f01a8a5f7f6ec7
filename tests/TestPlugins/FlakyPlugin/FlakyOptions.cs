using System.ComponentModel.DataAnnotations;
using Providers.Abstractions;

namespace Providers.TestPlugins.Flaky;

/// <summary>The <c>providers:Flaky</c> section: the common keys plus how this provider fails.</summary>
public sealed class FlakyOptions : ProviderOptions
{
    /// <summary>
    /// <c>before</c>: a transient HTTP 503 before any output. <c>after</c>: <see cref="Text"/>, then a cut stream.
    /// <c>cancel</c>: an <see cref="OperationCanceledException"/> nobody asked for (a plugin's own timeout).
    /// </summary>
    [AllowedValues(FlakyProvider.FailBeforeOutput, FlakyProvider.FailAfterOutput, FlakyProvider.CancelItself)]
    public string Mode { get; set; } = FlakyProvider.FailBeforeOutput;

    /// <summary>What <c>after</c> streams before it fails.</summary>
    [Required]
    public string Text { get; set; } = "partial from Flaky ";
}
