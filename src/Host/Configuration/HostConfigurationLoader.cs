using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>Reads plugins.json, applies <c>PROVIDERS_</c> environment overrides and <c>--plugins</c>, and validates the host's keys.</summary>
/// <remarks>
/// Provider-specific keys are left to each plugin's own options binding; the host checks the
/// top level, <c>routing</c>, <c>aliases</c> and the common keys of every provider section.
/// </remarks>
internal static class HostConfigurationLoader
{
    public const string DefaultFileName = "plugins.json";
    public const string DefaultPluginsPath = "plugins";

    /// <summary>The largest configuration file read; real ones are a few kilobytes.</summary>
    public const long MaxConfigBytes = 16 * 1024 * 1024;

    private static readonly string[] _knownTopLevelKeys = ["pluginsPath", "providers", "aliases", RoutingSection.Name, ServeSection.Name];

    // PROVIDERS_API_KEY is read by 'host serve' itself; through the PROVIDERS_ prefix it also lands here as a key.
    private const string _apiKeyVariableKey = "API_KEY";

    /// <exception cref="HostConfigurationException">The file is missing, malformed or holds a bad key.</exception>
    public static HostConfiguration Load(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RejectBlankPath(settings.ConfigPath, "--config");
        RejectBlankPath(settings.PluginsPath, "--plugins");
        var configFile = Path.GetFullPath(settings.ConfigPath ?? Path.Combine(AppContext.BaseDirectory, DefaultFileName));
        var displayName = settings.ConfigPath ?? configFile;
        if (settings.ConfigPath is not null && !File.Exists(configFile))
        {
            throw new HostConfigurationException($"{displayName}: file not found");
        }

        var json = File.Exists(configFile) ? ReadConfigFile(configFile, displayName) : null;
        var root = BuildRoot(json, displayName);
        var sources = new ConfigurationSources(root, displayName);
        RejectUnknownTopLevelKeys(root, sources);
        if (json is not null)
        {
            AliasJsonShape.RejectNonText(json, sources);
        }

        var pluginsDirectory = ResolvePluginsDirectory(root, sources, settings, Path.GetDirectoryName(configFile)!);
        var providers = ProviderSectionValidator.ValidateAll(root.GetSection("providers"), sources);
        var aliases = ReadAliases(root.GetSection("aliases"), sources);
        var routing = RoutingSection.Validate(root.GetSection(RoutingSection.Name), sources);
        _ = ServeSection.ReadCorsOrigins(root, sources);
        return new HostConfiguration(root, sources, pluginsDirectory, providers, aliases, routing);
    }

    private static IConfigurationRoot BuildRoot(byte[]? json, string displayName)
    {
        var builder = new ConfigurationBuilder();
        // The default file is optional so a bare host (no plugins.json beside it) still lists its plugins folder.
        if (json is not null)
        {
            builder.Add(new IndexedJsonStreamConfigurationSource { Stream = new MemoryStream(json) });
        }

        builder.AddEnvironmentVariables(ConfigurationSources.EnvironmentPrefix);
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or JsonException)
        {
            throw new HostConfigurationException($"{displayName}: {DescribeParseFailure(ex)}");
        }
    }

    private static void RejectBlankPath(string? path, string option)
    {
        if (path is not null && string.IsNullOrWhiteSpace(path))
        {
            throw new HostConfigurationException($"{option}: the path is empty");
        }
    }

    // Read here, not by the JSON provider, so a FIFO, a device or a huge file is an error and not a hang.
    private static byte[] ReadConfigFile(string configFile, string displayName)
    {
        try
        {
            return RegularFile.ReadAllBytes(configFile, MaxConfigBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            var problem = ex is InvalidDataException ? ex.Message : $"cannot read: {ex.Message}";
            throw new HostConfigurationException($"{displayName}: {problem}");
        }
    }

    private static string DescribeParseFailure(Exception ex)
    {
        var innermost = ex.GetBaseException();
        if (innermost is JsonException { LineNumber: { } line, BytePositionInLine: { } column } json)
        {
            var message = json.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"malformed JSON at line {line + 1}, column {column + 1}: {(cut < 0 ? message : message[..cut])}";
        }

        return $"malformed JSON: {innermost.Message}";
    }

    private static void RejectUnknownTopLevelKeys(IConfigurationRoot root, ConfigurationSources sources)
    {
        foreach (var child in root.GetChildren())
        {
            if (!_knownTopLevelKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase)
                && !string.Equals(child.Key, _apiKeyVariableKey, StringComparison.OrdinalIgnoreCase))
            {
                throw sources.Error(child.Path, $"unknown key (expected {string.Join(", ", _knownTopLevelKeys)})");
            }
        }
    }

    private static string ResolvePluginsDirectory(IConfigurationRoot root, ConfigurationSources sources, HostSettings settings, string configDirectory)
    {
        if (settings.PluginsPath is { } fromCommandLine)
        {
            // A path typed on the command line is relative to where the user stands.
            var full = Path.GetFullPath(fromCommandLine);
            return Directory.Exists(full) ? full : throw new HostConfigurationException($"--plugins: folder not found: {full}");
        }

        var section = root.GetSection("pluginsPath");
        if (section.GetChildren().Any())
        {
            throw sources.Error(section.Path, "expected a folder path, got an object");
        }

        var value = section.Value;
        if (section.Exists() && string.IsNullOrWhiteSpace(value))
        {
            throw sources.Error(section.Path, "expected a folder path, got an empty value");
        }

        // Relative paths resolve against the folder of the file they are written in; a variable has no file.
        var baseDirectory = !section.Exists() || sources.IsFromFile(section.Path) ? configDirectory : Environment.CurrentDirectory;
        var directory = Path.GetFullPath(value ?? DefaultPluginsPath, baseDirectory);
        return Directory.Exists(directory)
            ? directory
            : throw sources.Error(section.Exists() ? section.Path : "pluginsPath", $"folder not found: {directory}");
    }

    // Linear in the number of aliases: the file's provider answers GetChildren from an index
    // (IndexedJsonStreamConfigurationProvider), and only an array value is asked for its children.
    private static Dictionary<string, IReadOnlyList<string>> ReadAliases(IConfigurationSection section, ConfigurationSources sources)
    {
        if (section.Value is { Length: > 0 } scalar)
        {
            throw sources.Error(section.Path, $"expected an object of alias → model, got \"{scalar}\"");
        }

        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var alias in section.GetChildren())
        {
            if (string.IsNullOrWhiteSpace(alias.Key))
            {
                throw sources.Error(section.Path, $"an alias name is empty (the one for \"{alias.Value ?? string.Join(", ", alias.GetChildren().Select(t => t.Value))}\")");
            }

            if (alias.Value is { } single)
            {
                aliases[alias.Key] = string.IsNullOrWhiteSpace(single)
                    ? throw sources.Error(alias.Path, "expected a model name, got an empty value")
                    : [single];
                continue;
            }

            aliases[alias.Key] = ReadTargets(alias, sources);
        }

        return aliases;
    }

    private static string[] ReadTargets(IConfigurationSection alias, ConfigurationSources sources)
    {
        var targets = alias.GetChildren().ToList();
        if (targets.Count == 0)
        {
            throw sources.Error(alias.Path, "expected a model name or an array of them, got an empty value");
        }

        // An array's keys are 0, 1, 2…; anything else is an object.
        if (!targets.Select((t, i) => t.Key == i.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(ok => ok))
        {
            throw sources.Error(alias.Path, "expected a model name, got an object");
        }

        return [.. targets.Select(t => string.IsNullOrWhiteSpace(t.Value)
                ? throw sources.Error(t.Path, "expected a model name, got " + (t.GetChildren().Any() ? "an object" : "an empty value"))
                : t.Value)];
    }
}
