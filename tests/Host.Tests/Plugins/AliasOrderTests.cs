using System.Collections.Frozen;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

public sealed class AliasOrderTests
{
    [Fact]
    public void Sorted_EnumeratesTheKeysInOrdinalOrder_WithTheirTargets()
    {
        var aliases = new Dictionary<string, string>
        {
            ["b"] = "model-b",
            ["B"] = "model-B",
            ["a-2"] = "model-a2",
            ["a"] = "model-a",
            ["Z"] = "model-Z",
        }.ToFrozenDictionary(StringComparer.Ordinal);

        var sorted = AliasOrder.Sorted(aliases);

        Assert.Equal(
            [new("B", "model-B"), new("Z", "model-Z"), new("a", "model-a"), new("a-2", "model-a2"), new KeyValuePair<string, string>("b", "model-b")],
            sorted.ToArray());
        Assert.Equal("model-a2", sorted["a-2"]);
    }

    [Fact]
    public void Sorted_NoAliases_IsEmpty()
    {
        Assert.Empty(AliasOrder.Sorted(null));
        Assert.Empty(AliasOrder.Sorted(new Dictionary<string, string>()));
    }
}
