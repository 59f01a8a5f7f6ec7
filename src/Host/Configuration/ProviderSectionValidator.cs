using System.Globalization;
using Microsoft.Extensions.Configuration;
using Providers.Abstractions;

namespace Providers.Host.Configuration;

/// <summary>Checks the common keys of every <c>providers:&lt;Name&gt;</c> section, whatever plugin owns it.</summary>
/// <remarks>
/// Runs before any plugin is loaded, so a disabled provider's or a missing plugin's section is
/// still checked; the plugin's own options binding later rejects keys it does not know.
/// </remarks>
internal static class ProviderSectionValidator
{
    // The range is the one ProviderOptions declares, so the host and every plugin agree on it.
    private const int _minTimeoutSeconds = ProviderOptions.MinTimeoutSeconds;
    private const int _maxTimeoutSeconds = ProviderOptions.MaxTimeoutSeconds;

    public static Dictionary<string, ProviderSettings> ValidateAll(IConfigurationSection providers, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(sources);
        if (providers.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(providers.Path, $"expected an object of provider sections, got \"{scalar}\"");
        }

        var result = new Dictionary<string, ProviderSettings>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in providers.GetChildren())
        {
            result[section.Key] = Validate(section, sources);
        }

        return result;
    }

    private static ProviderSettings Validate(IConfigurationSection section, ConfigurationSources sources)
    {
        if (section.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(section.Path, $"expected an object, got \"{scalar}\"");
        }

        var enabled = Read(section, "enabled", sources, "true or false", bool.TryParse, true);
        var apiEndpoint = Read<Uri?>(section, "apiEndpoint", sources, "an absolute http(s) URL", TryParseHttpUrl, null);
        _ = Read<Uri?>(section, "proxy", sources, "an absolute http(s) URL", TryParseHttpUrl, null);
        _ = Read(section, "timeoutSeconds", sources, $"an integer from {_minTimeoutSeconds} to {_maxTimeoutSeconds}", TryParseTimeout, 120);
        var priority = Read(section, "priority", sources, "an integer", TryParseInteger, 0);
        var type = Read<string?>(section, ProviderSettings.TypeKey, sources, "a provider type name", TryParseName, null);
        return new ProviderSettings(section.Key, enabled, apiEndpoint, priority) { Type = type };
    }

    private delegate bool TryParse<T>(string value, out T result);

    private static T Read<T>(IConfigurationSection section, string key, ConfigurationSources sources, string expected, TryParse<T> parse, T fallback)
    {
        var child = section.GetSection(key);
        if (child.GetChildren().Any())
        {
            throw sources.Error(child.Path, $"expected {expected}, got an object");
        }

        // JSON null (or an empty variable) leaves the default in place.
        if (string.IsNullOrEmpty(child.Value))
        {
            return fallback;
        }

        return parse(child.Value, out var value) ? value : throw sources.Error(child.Path, $"expected {expected}, got \"{SectionShapeValidator.WithoutCredentials(child.Value)}\"");
    }

    private static bool TryParseInteger(string value, out int result) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static bool TryParseTimeout(string value, out int result) =>
        TryParseInteger(value, out result) && result is >= _minTimeoutSeconds and <= _maxTimeoutSeconds;

    private static bool TryParseName(string value, out string? result)
    {
        result = string.IsNullOrWhiteSpace(value) ? null : value;
        return result is not null;
    }

    private static bool TryParseHttpUrl(string value, out Uri? result)
    {
        result = Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
        return result is not null;
    }
}
