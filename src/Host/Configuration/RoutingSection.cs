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
        if (!section.Exists())
        {
            // The usual case; the defaults are valid (a test holds them to it), and binding and
            // validating by reflection is a noticeable part of every command's start-up.
            return new RoutingOptions();
        }

        if (section.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(section.Path, $"expected an object, got \"{scalar}\"");
        }

        SectionShapeValidator.Check(section, typeof(RoutingOptions), sources, []);
        var options = section.Get<RoutingOptions>() ?? new RoutingOptions();
        if (OptionsErrors.FirstDataAnnotationFailure(options) is { } failure)
        {
            throw sources.Error($"{section.Path}:{failure.MemberNames.FirstOrDefault()}", failure.ErrorMessage ?? "invalid value");
        }

        return options;
    }
}
