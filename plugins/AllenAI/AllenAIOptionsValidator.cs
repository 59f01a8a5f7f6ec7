using Microsoft.Extensions.Options;

namespace Providers.AllenAI;

/// <summary>Checks <see cref="AllenAIOptions"/> (its attributes and <c>Validate</c>) with code generated at build time.</summary>
/// <remarks>
/// Used instead of <c>ValidateDataAnnotations()</c>, whose reflection caches live in the host's
/// shared DataAnnotations assembly and keep this plugin's types, so a running server could never
/// collect the plugin after unloading it.
/// </remarks>
[OptionsValidator]
internal sealed partial class AllenAIOptionsValidator : IValidateOptions<AllenAIOptions>;
