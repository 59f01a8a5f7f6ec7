using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>Validates the optional <c>serve</c> object: settings of <c>host serve</c> only (<c>corsOrigins</c>).</summary>
internal static class ServeSection
{
    public const string Name = "serve";

    private const string _corsOriginsKey = "corsOrigins";

    /// <summary>The browser origins allowed by CORS: each <c>*</c> or <c>scheme://host[:port]</c>; empty when absent.</summary>
    /// <exception cref="HostConfigurationException">The section or a value is malformed.</exception>
    public static IReadOnlyList<string> ReadCorsOrigins(IConfiguration root, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(sources);
        var section = root.GetSection(Name);
        if (section.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(section.Path, $"expected an object, got \"{scalar}\"");
        }

        foreach (var child in section.GetChildren())
        {
            if (!string.Equals(child.Key, _corsOriginsKey, StringComparison.OrdinalIgnoreCase))
            {
                throw sources.Error(child.Path, $"unknown key; the only key is '{_corsOriginsKey}'");
            }
        }

        var origins = section.GetSection(_corsOriginsKey);
        if (origins.Value is { Length: > 0 } single)
        {
            throw sources.Error(origins.Path, $"expected an array of origins, got \"{single}\"");
        }

        var values = new List<string>();
        foreach (var item in origins.GetChildren())
        {
            var origin = item.Value ?? "";
            if (CorsOriginProblem(origin) is { } problem)
            {
                throw sources.Error(item.Path, problem);
            }

            values.Add(origin.TrimEnd('/'));
        }

        return values;
    }

    /// <summary>Why <paramref name="origin"/> is not a CORS origin, or null when it is one.</summary>
    public static string? CorsOriginProblem(string origin) =>
        origin == "*"
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
            ? null
            : $"'{origin}' is not an origin: use '*' or scheme://host[:port], such as https://app.example.com";
}
