using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>The child segments under every path of a set of configuration keys, built in one pass.</summary>
/// <remarks>
/// <see cref="ConfigurationProvider.GetChildKeys"/> scans every key of its source on each call, and
/// binding or reading a section asks once per node: with a million aliases that is a million scans.
/// Here a look-up costs one dictionary probe plus the children it returns. Paths compare ignoring
/// case, like configuration keys.
/// </remarks>
internal sealed class ConfigurationChildIndex
{
    private readonly List<string> _rootChildren = [];
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _knownPaths = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every distinct child segment directly under <paramref name="parentPath"/> (the root when null), in no set order.</summary>
    public IReadOnlyList<string> ChildrenOf(string? parentPath) =>
        parentPath is null ? _rootChildren : _children.TryGetValue(parentPath, out var children) ? children : [];

    /// <summary>Adds <paramref name="key"/> and its ancestors; costs the key's length, once.</summary>
    public void Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // From the key itself up: once a path is known, so are all of its ancestors.
        var end = key.Length;
        while (true)
        {
            var path = end == key.Length ? key : key[..end];
            if (!_knownPaths.Add(path))
            {
                return;
            }

            var cut = path.LastIndexOf(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            if (cut < 0)
            {
                _rootChildren.Add(path);
                return;
            }

            var parent = path[..cut];
            if (!_children.TryGetValue(parent, out var siblings))
            {
                _children[parent] = siblings = [];
            }

            siblings.Add(path[(cut + 1)..]);
            end = cut;
        }
    }
}
