using Microsoft.Extensions.Options;

namespace HelloPlugin;

/// <summary>Checks <see cref="HelloOptions"/>' attributes with code generated at build time.</summary>
/// <remarks>
/// Used instead of <c>ValidateDataAnnotations()</c>, whose reflection caches live in the host's
/// shared DataAnnotations assembly and keep this plugin's types, so the plugin could never be
/// unloaded from a running server.
/// </remarks>
[OptionsValidator]
public sealed partial class HelloOptionsValidator : IValidateOptions<HelloOptions>;
