using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>Checks the common keys of every <c>providers:&lt;Name&gt;</c> section, whatever plugin owns it.</summary>
/// <remarks>
/// Runs before any plugin is loaded, so a disabled provider's or a missing plugin's section is
/// still checked; the plugin's own options binding later rejects keys it does not know.
/// </remarks>
internal static class ProviderSectionValidator
{
    private const int _minTimeoutSeconds = 1;
    private const int _maxTimeoutSeconds = 3600;

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
        return new ProviderSettings(section.Key, enabled, apiEndpoint, priority);
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

        return parse(child.Value, out var value) ? value : throw sources.Error(child.Path, $"expected {expected}, got \"{WithoutCredentials(child.Value)}\"");
    }

    // A proxy or endpoint URL may carry user:password; an error line must not print it.
    private static string WithoutCredentials(string value) => Regex.Replace(value, "(?<=//)[^/@]*@", "***@", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static bool TryParseInteger(string value, out int result) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static bool TryParseTimeout(string value, out int result) =>
        TryParseInteger(value, out result) && result is >= _minTimeoutSeconds and <= _maxTimeoutSeconds;

    private static bool TryParseHttpUrl(string value, out Uri? result)
    {
        result = Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
        return result is not null;
    }
}
