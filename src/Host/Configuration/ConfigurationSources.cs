using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Providers.Host.Configuration;

/// <summary>Tells which source (the config file or the environment) supplied a key, so an error names it.</summary>
internal sealed class ConfigurationSources(IConfigurationRoot root, string configFileDisplayName)
{
    public const string EnvironmentPrefix = "PROVIDERS_";

    /// <summary>How the config file is named in messages: as the user typed it, or its full path.</summary>
    public string ConfigFileDisplayName { get; } = configFileDisplayName;

    /// <summary>The display name of the source that wins for <paramref name="path"/> (the last one holding it).</summary>
    public string SourceOf(string path)
    {
        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any())
            {
                return provider switch
                {
                    EnvironmentVariablesConfigurationProvider => $"environment ({EnvironmentPrefix}*)",
                    JsonConfigurationProvider or JsonStreamConfigurationProvider => ConfigFileDisplayName,
                    _ => provider.ToString() ?? ConfigFileDisplayName,
                };
            }
        }

        return ConfigFileDisplayName;
    }

    /// <summary>Whether <paramref name="path"/> was set by the config file (rather than the environment).</summary>
    public bool IsFromFile(string path) => string.Equals(SourceOf(path), ConfigFileDisplayName, StringComparison.Ordinal);

    /// <summary>Spells <paramref name="path"/> the way the user wrote it (the binder reports property names).</summary>
    public string AsWritten(string path)
    {
        var segments = path.Split(ConfigurationPath.KeyDelimiter);
        IEnumerable<IConfigurationSection> children = root.GetChildren();
        for (var i = 0; i < segments.Length; i++)
        {
            var match = children.FirstOrDefault(c => string.Equals(c.Key, segments[i], StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                break;
            }

            segments[i] = match.Key;
            children = match.GetChildren();
        }

        return ConfigurationPath.Combine(segments);
    }

    /// <summary>The one-line error for a bad value at <paramref name="path"/>.</summary>
    public HostConfigurationException Error(string path, string problem) =>
        new($"{SourceOf(path)}: {AsWritten(path)}: {problem}");
}
