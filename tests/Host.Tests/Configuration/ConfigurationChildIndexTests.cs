using Providers.Host.Configuration;

namespace Providers.Host.Tests.Configuration;

public sealed class ConfigurationChildIndexTests
{
    [Fact]
    public void ChildrenOf_ListsEachDirectChildOnce_IgnoringCase()
    {
        var index = new ConfigurationChildIndex();
        foreach (var key in new[] { "aliases:fast", "aliases:smart:0", "aliases:smart:1", "Aliases:Slow", "pluginsPath", "providers:A:enabled" })
        {
            index.Add(key);
        }

        Assert.Equal(["aliases", "pluginsPath", "providers"], index.ChildrenOf(null).Order(StringComparer.Ordinal));
        Assert.Equal(["Slow", "fast", "smart"], index.ChildrenOf("ALIASES").Order(StringComparer.Ordinal));
        Assert.Equal(["0", "1"], index.ChildrenOf("aliases:smart").Order(StringComparer.Ordinal));
        Assert.Equal(["A"], index.ChildrenOf("providers"));
        Assert.Empty(index.ChildrenOf("aliases:fast"));
        Assert.Empty(index.ChildrenOf("nothing"));
    }

    [Fact]
    public void ChildrenOf_OneAliasAmongAHundredThousand_IsTheStoredListNotAScan()
    {
        var index = new ConfigurationChildIndex();
        for (var i = 0; i < 100_000; i++)
        {
            index.Add($"aliases:alias-{i}");
        }

        index.Add("aliases:smart:0");
        index.Add("aliases:smart:1");

        // The same list object on every call: a look-up builds nothing and visits no other key.
        var first = index.ChildrenOf("aliases:smart");
        Assert.Same(first, index.ChildrenOf("aliases:smart"));
        Assert.Equal(["0", "1"], first);
        Assert.Equal(100_001, index.ChildrenOf("aliases").Count);
    }
}
