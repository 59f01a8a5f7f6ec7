using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>Validates the optional <c>routing</c> object against <see cref="RoutingOptions"/>.</summary>
internal static class RoutingSection
{
    public const string Name = RoutingOptions.SectionName;

    public static RoutingOptions Validate(IConfigurationSection section, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sources);
        if (section.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(section.Path, $"expected an object, got \"{scalar}\"");
        }

        RoutingOptions options;
        try
        {
            options = section.Get<RoutingOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new RoutingOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw BindingErrors.Translate(ex, section.Path, sources);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw sources.Error($"{section.Path}:{first.MemberNames.FirstOrDefault()}", first.ErrorMessage ?? "invalid value");
        }

        return options;
    }
}
