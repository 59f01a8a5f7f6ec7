using Microsoft.Extensions.Logging.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Routing;

/// <summary>What the router says about itself: the union of the eligible providers, rebuilt only for a new catalog.</summary>
public sealed class RouterMetadataTests
{
    private readonly RecordingTimeProvider _time = new();

    [Fact]
    public void Metadata_SeveralProviders_IsTheUnionOfTheEligibleOnesWithHostAliasesByTheirFirstTarget()
    {
        var first = FakeProvider.Create("First", ["m", "f"], new Dictionary<string, string> { ["quick"] = "f" }, systemMessages: false, history: false);
        var second = FakeProvider.Create("Second", ["s", "m"], new Dictionary<string, string> { ["quick"] = "s", ["slow"] = "s" });
        var disabled = FakeProvider.Create("Off", ["off-model"], new Dictionary<string, string> { ["off"] = "off-model" });
        var catalog = new FakeCatalog(
            [FakeCatalog.Entry(first, priority: 1), FakeCatalog.Entry(second), FakeCatalog.Entry(disabled, priority: 9, status: ProviderStatus.Disabled)],
            new Dictionary<string, string[]> { ["smart"] = ["Second/s", "First/m"], ["quick"] = ["m"] });

        var metadata = Router(catalog).Metadata;

        Assert.Equal(
            ("Router", "Providers router", new Uri("urn:providers:router"), true, true, true, true, "First/m"),
            (metadata.Name, metadata.Label, metadata.Url, metadata.Working, metadata.SupportsStream, metadata.SupportsSystemMessage,
                metadata.SupportsMessageHistory, metadata.DefaultModel));
        Assert.Equal(["m", "f", "s"], metadata.Models);
        Assert.Equal(
            [("quick", "f"), ("slow", "s"), ("smart", "Second/s")],
            metadata.ModelAliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
    }

    [Fact]
    public void Metadata_NoEligibleProvider_IsNotWorkingAndHasNoDefaultModel()
    {
        var disabled = FakeProvider.Create("Off", ["off-model"]);
        var router = Router(new FakeCatalog([FakeCatalog.Entry(disabled, status: ProviderStatus.Disabled)]));

        var metadata = router.Metadata;

        Assert.Equal((false, ""), (metadata.Working, metadata.DefaultModel));
        Assert.Empty(metadata.Models);
        Assert.Empty(router.EligibleProviders);
    }

    [Fact]
    public void Metadata_SameCatalog_BuiltOnceAndRebuiltOnlyWhenTheCatalogIsReplaced()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(FakeProvider.Create("First", ["a"])));
        var router = new RouterProvider(source, new RoutingOptions(), _time, NullLogger<RouterProvider>.Instance);

        var before = router.Metadata;
        Assert.Same(before, router.Metadata);
        _ = source.Replace(FakeCatalog.Of(FakeProvider.Create("Second", ["b"])));

        Assert.NotSame(before, router.Metadata);
        Assert.Equal("Second/b", router.Metadata.DefaultModel);
    }

    private RouterProvider Router(FakeCatalog catalog) => new(catalog, new RoutingOptions(), _time, NullLogger<RouterProvider>.Instance);
}
