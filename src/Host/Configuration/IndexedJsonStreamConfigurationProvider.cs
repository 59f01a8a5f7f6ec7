using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Providers.Host.Configuration;

/// <summary>The JSON stream provider, answering "children of this path" from an index instead of a scan of every key.</summary>
/// <remarks>
/// Reading n aliases asks for the children of each array alias and each bound section; the base
/// provider answers each question by looking at every key, which made loading quadratic in the
/// alias count. Loading, values and precedence are the base provider's.
/// </remarks>
internal sealed class IndexedJsonStreamConfigurationProvider(JsonStreamConfigurationSource source) : JsonStreamConfigurationProvider(source)
{
    private ConfigurationChildIndex _index = new();

    public override void Load(Stream stream)
    {
        base.Load(stream);
        var index = new ConfigurationChildIndex();
        foreach (var key in Data.Keys)
        {
            index.Add(key);
        }

        _index = index;
    }

    public override void Set(string key, string? value)
    {
        base.Set(key, value);
        _index.Add(key);
    }

    // Same answer as the base: this source's child segments plus the earlier sources', sorted the configuration way.
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        ArgumentNullException.ThrowIfNull(earlierKeys);
        var own = _index.ChildrenOf(parentPath);
        var keys = new List<string>(own.Count);
        keys.AddRange(own);
        keys.AddRange(earlierKeys);
        keys.Sort(ConfigurationKeyComparer.Instance);
        return keys;
    }
}
