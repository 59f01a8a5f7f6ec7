using Providers.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Routing;

public sealed class ModelRouteResolverTests
{
    private static readonly FakeProvider Alpha = FakeProvider.Create("Alpha", ["shared", "alpha-1"], new Dictionary<string, string> { ["a1"] = "alpha-1", ["chain"] = "a1" });
    private static readonly FakeProvider Beta = FakeProvider.Create("Beta", ["shared", "beta-1"]);
    private static readonly FakeProvider Gamma = FakeProvider.Create("Gamma", ["shared"]);

    [Fact]
    public void Resolve_ModelServedByMany_OrdersByPriorityThenName()
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([
            FakeCatalog.Entry(Alpha, priority: 0), FakeCatalog.Entry(Gamma, priority: 5), FakeCatalog.Entry(Beta, priority: 5)]));

        var candidates = resolver.Resolve("shared");

        Assert.Equal(["Beta", "Gamma", "Alpha"], candidates.Select(c => c.Name));
        Assert.All(candidates, c => Assert.Equal("shared", c.ModelId));
    }

    [Theory]
    [InlineData("a1", "alpha-1")]
    [InlineData("chain", "alpha-1")]
    [InlineData("ALPHA-1", "alpha-1")]
    public void Resolve_ProviderAliasOrOtherCase_ReturnsRealModelId(string requested, string expected)
    {
        var resolver = new ModelRouteResolver(FakeCatalog.Of(Alpha, Beta));

        var candidate = Assert.Single(resolver.Resolve(requested));

        Assert.Equal("Alpha", candidate.Name);
        Assert.Equal(expected, candidate.ModelId);
    }

    [Theory]
    [InlineData("Beta/shared", "Beta", "shared")]
    [InlineData("beta/SHARED", "Beta", "shared")]
    [InlineData("Alpha/chain", "Alpha", "alpha-1")]
    [InlineData("Alpha/", "Alpha", "shared")]
    public void Resolve_ProviderSlashModel_PinsThatProvider(string requested, string provider, string model)
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha), FakeCatalog.Entry(Beta, priority: 9)]));

        var candidate = Assert.Single(resolver.Resolve(requested));

        Assert.Equal((provider, model), (candidate.Name, candidate.ModelId));
    }

    [Fact]
    public void Resolve_HostAliasChainToPinnedModel_FollowsItToThatProvider()
    {
        var aliases = new Dictionary<string, string> { ["fast"] = "quick", ["quick"] = "Beta/shared" };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha, priority: 9), FakeCatalog.Entry(Beta)], aliases));

        var candidate = Assert.Single(resolver.Resolve("FAST"));

        Assert.Equal(("Beta", "shared"), (candidate.Name, candidate.ModelId));
    }

    [Fact]
    public void Resolve_HostAliasOverridesProviderModelOfSameName()
    {
        var aliases = new Dictionary<string, string> { ["shared"] = "Gamma/shared" };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha), FakeCatalog.Entry(Gamma)], aliases));

        Assert.Equal(["Gamma"], resolver.Resolve("shared").Select(c => c.Name));
    }

    [Fact]
    public void Resolve_HostAliasCycle_ThrowsModelNotFoundNamingTheCycle()
    {
        var aliases = new Dictionary<string, string> { ["x"] = "y", ["y"] = "x" };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha)], aliases));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("x"));

        Assert.Equal("Host alias 'x' forms a cycle: x → y → x.", error.Message);
    }

    [Fact]
    public void Resolve_ExactMatchExists_IgnoresCaseInsensitiveMatches()
    {
        var upper = FakeProvider.Create("Upper", ["Model"]);
        var lower = FakeProvider.Create("Lower", ["model"]);
        var resolver = new ModelRouteResolver(FakeCatalog.Of(upper, lower));

        Assert.Equal(["Lower"], resolver.Resolve("model").Select(c => c.Name));
        Assert.Equal(["Upper"], resolver.Resolve("Model").Select(c => c.Name));
        Assert.Equal(["Lower", "Upper"], resolver.Resolve("MODEL").Select(c => c.Name));
    }

    [Fact]
    public void Resolve_InactiveOrNotWorkingProviders_AreNeverCandidates()
    {
        var broken = FakeProvider.Create("Broken", ["shared"], working: false);
        var resolver = new ModelRouteResolver(new FakeCatalog([
            FakeCatalog.Entry(Alpha, priority: 1, status: ProviderStatus.Disabled),
            FakeCatalog.Entry(Gamma, priority: 1, status: ProviderStatus.Malfunctioned),
            FakeCatalog.Entry(broken, priority: 1),
            FakeCatalog.Entry(Beta)]));

        Assert.Equal(["Beta"], resolver.Resolve("shared").Select(c => c.Name));
    }

    [Fact]
    public void Resolve_ModelOnlyOnDisabledProvider_ThrowsSayingNoActiveProviderServesIt()
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha, status: ProviderStatus.Disabled), FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("alpha-1"));

        Assert.Equal("No active provider serves 'alpha-1': Alpha is Disabled.", error.Message);
    }

    [Fact]
    public void Resolve_PinnedToMalfunctionedProvider_ThrowsWithItsError()
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha, status: ProviderStatus.Malfunctioned), FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("Alpha/shared"));

        Assert.Equal("No active provider serves 'Alpha/shared': Alpha is Malfunctioned (boom).", error.Message);
    }

    [Fact]
    public void Resolve_UnknownModel_ThrowsListingIdsAndAliasesOfEveryProviderAndHostAliases()
    {
        var aliases = new Dictionary<string, string> { ["fast"] = "Beta/beta-1" };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha), FakeCatalog.Entry(Beta)], aliases));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("gpt-5"));

        Assert.Equal(["shared", "alpha-1", "a1", "chain", "beta-1", "fast"], error.Known);
        Assert.Equal("Unknown model 'gpt-5'. Valid: shared, alpha-1, a1, chain, beta-1, fast.", error.Message);
    }

    [Fact]
    public void Resolve_UnknownModelOfPinnedProvider_ThrowsListingThatProvidersNames()
    {
        var resolver = new ModelRouteResolver(FakeCatalog.Of(Alpha, Beta));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("Beta/alpha-1"));

        Assert.Equal("Unknown model 'alpha-1' for Beta. Valid: shared, beta-1.", error.Message);
    }

    [Fact]
    public void Resolve_SlashedIdWhosePrefixIsNoProvider_IsAPlainModelId()
    {
        var hub = FakeProvider.Create("Hub", ["meta-llama/Llama-3"]);
        var resolver = new ModelRouteResolver(FakeCatalog.Of(hub));

        var candidate = Assert.Single(resolver.Resolve("meta-llama/Llama-3"));

        Assert.Equal(("Hub", "meta-llama/Llama-3"), (candidate.Name, candidate.ModelId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_NoModel_ThrowsInvalidChatRequest(string? requested)
    {
        var resolver = new ModelRouteResolver(FakeCatalog.Of(Alpha));

        var error = Assert.Throws<InvalidChatRequestException>(() => resolver.Resolve(requested));

        Assert.Equal(("model", "A model is required."), (error.Parameter, error.Message));
    }

    [Fact]
    public void Resolve_ProviderPrefixThatIsAlsoAnotherProvidersModelId_PinsTheProvider()
    {
        var hub = FakeProvider.Create("Hub", ["Beta/shared"]);
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(hub, priority: 9), FakeCatalog.Entry(Beta)]));

        var candidate = Assert.Single(resolver.Resolve("Beta/shared"));

        Assert.Equal(("Beta", "shared"), (candidate.Name, candidate.ModelId));
    }

    [Fact]
    public void Resolve_ProviderNamesDifferingOnlyInCase_PinPrefersTheExactName()
    {
        var lower = FakeProvider.Create("beta", ["shared"]);
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(lower, priority: 9), FakeCatalog.Entry(Beta)]));

        Assert.Equal("Beta/shared", Assert.Single(resolver.Resolve("Beta/shared")).ToString());
        Assert.Equal("beta/shared", Assert.Single(resolver.Resolve("beta/shared")).ToString());
    }

    [Fact]
    public void Resolve_HostAliasesDifferingOnlyInCase_AnotherCaseReachesTheOrdinallyFirst()
    {
        var aliases = new Dictionary<string, string> { ["fast"] = "Beta/beta-1", ["Fast"] = "Alpha/alpha-1" };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha), FakeCatalog.Entry(Beta)], aliases));

        Assert.Equal("Alpha/alpha-1", Assert.Single(resolver.Resolve("FAST")).ToString());
        Assert.Equal("Beta/beta-1", Assert.Single(resolver.Resolve("fast")).ToString());
        Assert.Equal(["Alpha/alpha-1"], resolver.TargetsOf("fAST"));
        Assert.Equal(["Beta/beta-1"], resolver.TargetsOf("fast"));
        Assert.Empty(resolver.TargetsOf("shared"));
    }

    [Fact]
    public void Resolve_AliasReachingACandidateTwice_KeepsItsFirstPlaceOnly()
    {
        var aliases = new Dictionary<string, string[]> { ["both"] = ["Alpha/shared", "shared"] };
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha), FakeCatalog.Entry(Beta, priority: 5)], aliases));

        Assert.Equal(["Alpha/shared", "Beta/shared"], resolver.Resolve("both").Select(c => c.ToString()));
    }

    [Fact]
    public void Resolve_OtherCaseOfAModelOnlyADisabledProviderServes_SaysNoActiveProviderServesIt()
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([FakeCatalog.Entry(Alpha, status: ProviderStatus.Disabled), FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("ALPHA-1"));

        Assert.Equal("No active provider serves 'ALPHA-1': Alpha is Disabled.", error.Message);
    }

    [Fact]
    public void Resolve_UnknownModelBesideAPluginThatFailedToLoad_ListsOnlyWhatTheActiveProvidersServe()
    {
        var failed = new ProviderEntry("Failed", null, ProviderStatus.Malfunctioned, "could not load",
            new PluginInfo("plugins/Failed/Failed.dll", "1.0.0"), null, 9, null);
        var resolver = new ModelRouteResolver(new FakeCatalog([failed, FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("gpt-5"));

        Assert.Equal("Unknown model 'gpt-5'. Valid: shared, beta-1.", error.Message);
    }

    [Theory]
    [InlineData("Active", false, "KEY is not set", "No active provider serves 'only': Idle is marked not working (KEY is not set).")]
    [InlineData("Active", false, null, "No active provider serves 'only': Idle is marked not working.")]
    [InlineData("Disabled", true, null, "No active provider serves 'only': Idle is Disabled.")]
    public void Resolve_ModelOnlyAnIdleProviderServes_SaysWhyItIsIdle(string status, bool working, string? reason, string expected)
    {
        var idle = FakeProvider.Create("Idle", ["only"], working: working);
        var metadata = idle.Metadata with { Error = reason };
        var entry = FakeCatalog.Entry(idle, status: Enum.Parse<ProviderStatus>(status)) with { Metadata = metadata };
        var resolver = new ModelRouteResolver(new FakeCatalog([entry, FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("only"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Resolve_ModelOfAMalfunctionedProviderWithoutAReason_SaysMalfunctioned()
    {
        var entry = FakeCatalog.Entry(Alpha, status: ProviderStatus.Malfunctioned) with { Error = null };
        var resolver = new ModelRouteResolver(new FakeCatalog([entry, FakeCatalog.Entry(Beta)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("alpha-1"));

        Assert.Equal("No active provider serves 'alpha-1': Alpha is Malfunctioned.", error.Message);
    }

    [Fact]
    public void ConstructorAndTargetsOf_NullArgument_ThrowArgumentNull()
    {
        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => new ModelRouteResolver(null!)).ParamName);
        Assert.Equal("alias", Assert.Throws<ArgumentNullException>(() => new ModelRouteResolver(FakeCatalog.Of(Alpha)).TargetsOf(null!)).ParamName);
    }

    [Fact]
    public void Resolve_DisabledEntryThatStillHoldsAnInstance_IsNoCandidate()
    {
        var disabled = FakeCatalog.Entry(Alpha, priority: 9, status: ProviderStatus.Disabled) with { Provider = Alpha };
        var resolver = new ModelRouteResolver(new FakeCatalog([disabled, FakeCatalog.Entry(Beta)]));

        Assert.Equal(["Beta"], resolver.Resolve("shared").Select(c => c.Name));
    }

    [Fact]
    public void Resolve_ModelOnlyIdleProvidersServe_NamesEachOfThem()
    {
        var resolver = new ModelRouteResolver(new FakeCatalog([
            FakeCatalog.Entry(Alpha, status: ProviderStatus.Disabled), FakeCatalog.Entry(Gamma, status: ProviderStatus.Disabled), FakeCatalog.Entry(Beta, priority: -1, status: ProviderStatus.Disabled)]));

        var error = Assert.Throws<ModelNotFoundException>(() => resolver.Resolve("shared"));

        Assert.Equal("No active provider serves 'shared': Alpha is Disabled; Gamma is Disabled; Beta is Disabled.", error.Message);
    }
}
