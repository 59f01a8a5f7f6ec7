using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Providers.Host.Configuration;

/// <summary>Turns an options validation failure into the one-line error the CLI prints, naming the key.</summary>
/// <remarks>
/// The options pipeline decides whether a section is valid; it reports failures only as text, so the
/// key is found by validating a freshly bound copy with <see cref="Validator"/>, whose results name
/// their members. A failure data annotations do not explain (a plugin's <c>IValidateOptions</c>) is
/// reported whole, against the section.
/// </remarks>
internal static class OptionsErrors
{
    public static HostConfigurationException Translate(OptionsValidationException exception, Type optionsType, IConfiguration section,
        string sectionPath, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sources);
        return FirstDataAnnotationFailure(optionsType, section) is { } failure
            ? sources.Error(failure.MemberNames.FirstOrDefault() is { } member ? $"{sectionPath}:{member}" : sectionPath, failure.ErrorMessage ?? "invalid value")
            : sources.Error(sectionPath, (exception.Failures.FirstOrDefault() ?? exception.Message).ReplaceLineEndings(" "));
    }

    /// <summary>The first failure of <paramref name="value"/>'s data annotations (and <see cref="IValidatableObject"/>), as the options pipeline runs them.</summary>
    public static ValidationResult? FirstDataAnnotationFailure(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true) ? null : results[0];
    }

    private static ValidationResult? FirstDataAnnotationFailure(Type type, IConfiguration section)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        var value = Activator.CreateInstance(type)!;
        section.Bind(value);
        return FirstDataAnnotationFailure(value);
    }
}
