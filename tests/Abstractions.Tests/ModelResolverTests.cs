namespace Providers.Abstractions.Tests;

public sealed class ModelResolverTests
{
    // A small catalogue of its own: ids of mixed case, an alias naming itself, a two-level chain.
    private static readonly ProviderMetadata Catalogue = new()
    {
        Name = "Demo",
        Label = "Demo provider",
        Url = new("https://demo.example"),
        DefaultModel = "alpha-large",
        Models = ["alpha-large", "Beta-Mid", "gamma", "delta-small"],
        ModelAliases = new Dictionary<string, string>
        {
            ["alpha"] = "alpha-large",
            ["beta"] = "Beta-Mid",
            ["gamma"] = "gamma",
            ["a"] = "alpha",
        },
    };

    [Theory]
    [InlineData("alpha-large", "alpha-large")]
    [InlineData("Beta-Mid", "Beta-Mid")]
    [InlineData("gamma", "gamma")]
    [InlineData("delta-small", "delta-small")]
    [InlineData("alpha", "alpha-large")]
    [InlineData("beta", "Beta-Mid")]
    public void Resolve_IdOrAlias_ReturnsRealModelId(string requested, string expected)
    {
        Assert.Equal(expected, ModelResolver.Resolve(Catalogue, requested));
    }

    [Fact]
    public void Resolve_TwoLevelAliasChain_EndsAtRealId()
    {
        // a → alpha (itself only an alias) → alpha-large; stopping one level early would send "alpha".
        Assert.Equal("alpha-large", ModelResolver.Resolve(Catalogue, "a"));
    }

    [Fact]
    public void Resolve_DefaultModelNotListedInModels_StillResolvesByName()
    {
        var metadata = Catalogue with { DefaultModel = "hidden", Models = ["visible"] };

        Assert.Equal("hidden", ModelResolver.Resolve(metadata, "hidden"));
        Assert.Equal("hidden", ModelResolver.Resolve(metadata, "HIDDEN"));
    }

    [Theory]
    [InlineData("ALPHA-LARGE", "alpha-large")]
    [InlineData("beta-mid", "Beta-Mid")]
    [InlineData("A", "alpha-large")]
    [InlineData("BETA", "Beta-Mid")]
    public void Resolve_DifferentCase_MatchesCaseInsensitively(string requested, string expected)
    {
        Assert.Equal(expected, ModelResolver.Resolve(Catalogue, requested));
    }

    [Fact]
    public void Resolve_ExactMatch_WinsOverCaseInsensitiveMatch()
    {
        var metadata = Catalogue with
        {
            Models = ["model-a", "MODEL-A"],
            DefaultModel = "model-a",
            ModelAliases = new Dictionary<string, string>(),
        };

        Assert.Equal("MODEL-A", ModelResolver.Resolve(metadata, "MODEL-A"));
        Assert.Equal("model-a", ModelResolver.Resolve(metadata, "model-a"));
    }

    [Fact]
    public void Resolve_ExactAlias_WinsOverCaseInsensitiveId()
    {
        // "Gamma" is an exact alias and, ignoring case, also the id "gamma": the exact alias wins.
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["Gamma"] = "delta-small" },
        };

        Assert.Equal("delta-small", ModelResolver.Resolve(metadata, "Gamma"));
    }

    [Fact]
    public void Resolve_AliasTargetInOtherCase_FallsBackToCaseInsensitiveId()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["mid"] = "BETA-MID" },
        };

        Assert.Equal("Beta-Mid", ModelResolver.Resolve(metadata, "mid"));
    }

    [Fact]
    public void Resolve_AliasTarget_PrefersExactIdOverCaseInsensitiveOne()
    {
        var metadata = Catalogue with
        {
            Models = ["model-a", "MODEL-A"],
            DefaultModel = "model-a",
            ModelAliases = new Dictionary<string, string> { ["upper"] = "MODEL-A", ["lower"] = "model-a" },
        };

        Assert.Equal("MODEL-A", ModelResolver.Resolve(metadata, "upper"));
        Assert.Equal("model-a", ModelResolver.Resolve(metadata, "lower"));
    }

    [Fact]
    public void Resolve_AliasChainThroughAliasInOtherCase_FollowsCaseInsensitively()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["first"] = "SECOND", ["second"] = "gamma" },
        };

        Assert.Equal("gamma", ModelResolver.Resolve(metadata, "first"));
    }

    [Fact]
    public void Resolve_AliasChain_PrefersExactAliasOverCaseInsensitiveOne()
    {
        // "next" and "NEXT" differ only in case; the chain must take the exact one.
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string>
            {
                ["next"] = "alpha-large",
                ["NEXT"] = "delta-small",
                ["start-upper"] = "NEXT",
                ["start-lower"] = "next",
            },
        };

        Assert.Equal("delta-small", ModelResolver.Resolve(metadata, "start-upper"));
        Assert.Equal("alpha-large", ModelResolver.Resolve(metadata, "start-lower"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_Empty_ReturnsDefaultModel(string? requested)
    {
        Assert.Equal("alpha-large", ModelResolver.Resolve(Catalogue, requested));
    }

    [Fact]
    public void Resolve_Unknown_ThrowsListingEveryIdAndAlias()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(Catalogue, "gpt-4o"));

        Assert.Equal("gpt-4o", error.Model);
        Assert.Equal(["alpha-large", "Beta-Mid", "gamma", "delta-small", "alpha", "beta", "a"], error.Known);
        Assert.Equal(
            "Unknown model 'gpt-4o' for Demo. Valid: alpha-large, Beta-Mid, gamma, delta-small, alpha, beta, a.",
            error.Message);
    }

    [Fact]
    public void Resolve_AliasCycle_ThrowsNamingTheCycle()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["a"] = "b", ["b"] = "c", ["c"] = "a" },
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "a"));

        Assert.Equal("Model alias 'a' of Demo forms a cycle: a → b → c → a.", error.Message);
        Assert.Equal(["alpha-large", "Beta-Mid", "gamma", "delta-small", "a", "b", "c"], error.Known);
    }

    [Fact]
    public void Resolve_ExactAliasInACycle_DoesNotFallBackToAnIdInOtherCase()
    {
        var metadata = Catalogue with
        {
            Models = ["A"],
            DefaultModel = "A",
            ModelAliases = new Dictionary<string, string> { ["a"] = "b", ["b"] = "c", ["c"] = "b" },
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "a"));

        Assert.Equal("Model alias 'a' of Demo forms a cycle: a → b → c → b.", error.Message);
    }

    [Fact]
    public void Resolve_AliasCycleReachedIgnoringCase_ThrowsNamingTheCycle()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["loop"] = "LOOP" },
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "Loop"));

        Assert.Equal("Model alias 'Loop' of Demo forms a cycle: loop → loop.", error.Message);
    }

    [Fact]
    public void Resolve_AliasToNothing_ThrowsUnknownModel()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["dangling"] = "no-such-model" },
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "dangling"));

        Assert.Equal(
            "Unknown model 'dangling' for Demo. Valid: alpha-large, Beta-Mid, gamma, delta-small, dangling.",
            error.Message);
    }

    [Fact]
    public void Resolve_NullMetadata_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ModelResolver.Resolve(null!, "alpha"));
        Assert.Throws<ArgumentNullException>(() => ModelResolver.KnownNames(null!));
        Assert.Throws<ArgumentNullException>(() => ModelResolver.AliasesOf(null!, "alpha"));
    }

    [Fact]
    public void TryResolve_Unknown_ReturnsFalseWithoutThrowing()
    {
        Assert.False(ModelResolver.TryResolve(Catalogue, "nope", out var id));
        Assert.Equal("", id);
        Assert.True(ModelResolver.TryResolve(Catalogue, "a", out id));
        Assert.Equal("alpha-large", id);
    }

    [Fact]
    public void TryResolve_CycleOrDanglingAlias_ReturnsFalseWithEmptyId()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["x"] = "y", ["y"] = "x", ["dangling"] = "nowhere" },
        };

        Assert.False(ModelResolver.TryResolve(metadata, "x", out var id));
        Assert.Equal("", id);
        Assert.False(ModelResolver.TryResolve(metadata, "dangling", out id));
        Assert.Equal("", id);
    }

    [Fact]
    public void KnownNames_AliasNamingAnId_IsListedOnce()
    {
        Assert.Equal(["alpha-large", "Beta-Mid", "gamma", "delta-small", "alpha", "beta", "a"], ModelResolver.KnownNames(Catalogue));
    }

    [Fact]
    public void AliasesOf_RealId_ListsEveryAliasWhoseChainEndsThere()
    {
        Assert.Equal(["alpha", "a"], ModelResolver.AliasesOf(Catalogue, "alpha-large"));
        Assert.Equal(["beta"], ModelResolver.AliasesOf(Catalogue, "Beta-Mid"));
        Assert.Empty(ModelResolver.AliasesOf(Catalogue, "gamma"));
        Assert.Empty(ModelResolver.AliasesOf(Catalogue, "delta-small"));
    }

    [Fact]
    public void AliasesOf_BrokenChain_IsLeftOut()
    {
        var metadata = Catalogue with
        {
            ModelAliases = new Dictionary<string, string> { ["ok"] = "gamma", ["broken"] = "nowhere" },
        };

        Assert.Equal(["ok"], ModelResolver.AliasesOf(metadata, "gamma"));
    }
}
