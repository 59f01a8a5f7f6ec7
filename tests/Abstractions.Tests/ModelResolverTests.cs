using System.Collections.Frozen;

namespace Providers.Abstractions.Tests;

public sealed class ModelResolverTests
{
    // The seed's catalogue, as the Ai2 provider declares it (g4f's AllenAI).
    private static readonly ProviderMetadata Seed = new()
    {
        Name = "AllenAI",
        Label = "Ai2 Playground",
        Url = new("https://playground.allenai.org"),
        DefaultModel = "tulu3-405b",
        Models = ["tulu3-405b", "OLMo-2-1124-13B-Instruct", "tulu-3-1-8b", "Llama-3-1-Tulu-3-70B", "olmoe-0125"],
        ModelAliases = new Dictionary<string, string>
        {
            ["tulu-3-405b"] = "tulu3-405b",
            ["olmo-2-13b"] = "OLMo-2-1124-13B-Instruct",
            ["tulu-3-1-8b"] = "tulu-3-1-8b",
            ["tulu-3-70b"] = "Llama-3-1-Tulu-3-70B",
            ["llama-3.1-405b"] = "tulu-3-405b",
            ["llama-3.1-8b"] = "tulu-3-1-8b",
            ["llama-3.1-70b"] = "Llama-3-1-Tulu-3-70B",
        }.ToFrozenDictionary(),
    };

    [Theory]
    [InlineData("tulu3-405b", "tulu3-405b")]
    [InlineData("OLMo-2-1124-13B-Instruct", "OLMo-2-1124-13B-Instruct")]
    [InlineData("tulu-3-1-8b", "tulu-3-1-8b")]
    [InlineData("Llama-3-1-Tulu-3-70B", "Llama-3-1-Tulu-3-70B")]
    [InlineData("olmoe-0125", "olmoe-0125")]
    [InlineData("tulu-3-405b", "tulu3-405b")]
    [InlineData("olmo-2-13b", "OLMo-2-1124-13B-Instruct")]
    [InlineData("tulu-3-70b", "Llama-3-1-Tulu-3-70B")]
    [InlineData("llama-3.1-8b", "tulu-3-1-8b")]
    [InlineData("llama-3.1-70b", "Llama-3-1-Tulu-3-70B")]
    public void Resolve_SeedIdOrAlias_ReturnsRealModelId(string requested, string expected)
    {
        Assert.Equal(expected, ModelResolver.Resolve(Seed, requested));
    }

    [Fact]
    public void Resolve_TwoLevelAliasChain_EndsAtRealId()
    {
        // llama-3.1-405b → tulu-3-405b (itself only an alias) → tulu3-405b; g4f stops one level early and sends "tulu-3-405b".
        Assert.Equal("tulu3-405b", ModelResolver.Resolve(Seed, "llama-3.1-405b"));
    }

    [Theory]
    [InlineData("TULU3-405B", "tulu3-405b")]
    [InlineData("olmo-2-1124-13b-instruct", "OLMo-2-1124-13B-Instruct")]
    [InlineData("LLAMA-3.1-405B", "tulu3-405b")]
    [InlineData("Tulu-3-70B", "Llama-3-1-Tulu-3-70B")]
    public void Resolve_DifferentCase_MatchesCaseInsensitively(string requested, string expected)
    {
        Assert.Equal(expected, ModelResolver.Resolve(Seed, requested));
    }

    [Fact]
    public void Resolve_ExactMatch_WinsOverCaseInsensitiveMatch()
    {
        var metadata = Seed with
        {
            Models = ["model-a", "MODEL-A"],
            DefaultModel = "model-a",
            ModelAliases = FrozenDictionary<string, string>.Empty,
        };

        Assert.Equal("MODEL-A", ModelResolver.Resolve(metadata, "MODEL-A"));
        Assert.Equal("model-a", ModelResolver.Resolve(metadata, "model-a"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_Empty_ReturnsDefaultModel(string? requested)
    {
        Assert.Equal("tulu3-405b", ModelResolver.Resolve(Seed, requested));
    }

    [Fact]
    public void Resolve_Unknown_ThrowsListingEveryIdAndAlias()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(Seed, "gpt-4o"));

        Assert.Equal("gpt-4o", error.Model);
        Assert.Equal(
            ["tulu3-405b", "OLMo-2-1124-13B-Instruct", "tulu-3-1-8b", "Llama-3-1-Tulu-3-70B", "olmoe-0125",
             "tulu-3-405b", "olmo-2-13b", "tulu-3-70b", "llama-3.1-405b", "llama-3.1-8b", "llama-3.1-70b"],
            error.Known);
        Assert.Equal(
            "Unknown model 'gpt-4o' for AllenAI. Valid: tulu3-405b, OLMo-2-1124-13B-Instruct, tulu-3-1-8b, Llama-3-1-Tulu-3-70B, olmoe-0125, "
            + "tulu-3-405b, olmo-2-13b, tulu-3-70b, llama-3.1-405b, llama-3.1-8b, llama-3.1-70b.",
            error.Message);
    }

    [Fact]
    public void Resolve_AliasCycle_ThrowsNamingTheCycle()
    {
        var metadata = Seed with
        {
            ModelAliases = new Dictionary<string, string> { ["a"] = "b", ["b"] = "c", ["c"] = "a" }.ToFrozenDictionary(),
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "a"));

        Assert.Equal("Model alias 'a' of AllenAI forms a cycle: a → b → c → a.", error.Message);
    }

    [Fact]
    public void Resolve_AliasToNothing_ThrowsUnknownModel()
    {
        var metadata = Seed with
        {
            ModelAliases = new Dictionary<string, string> { ["dangling"] = "no-such-model" }.ToFrozenDictionary(),
        };

        var error = Assert.Throws<ModelNotFoundException>(() => ModelResolver.Resolve(metadata, "dangling"));

        Assert.StartsWith("Unknown model 'dangling' for AllenAI.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_Unknown_ReturnsFalseWithoutThrowing()
    {
        Assert.False(ModelResolver.TryResolve(Seed, "nope", out var id));
        Assert.Equal("", id);
        Assert.True(ModelResolver.TryResolve(Seed, "llama-3.1-405b", out id));
        Assert.Equal("tulu3-405b", id);
    }

    [Fact]
    public void AliasesOf_RealId_ListsEveryAliasWhoseChainEndsThere()
    {
        Assert.Equal(["tulu-3-405b", "llama-3.1-405b"], ModelResolver.AliasesOf(Seed, "tulu3-405b"));
        Assert.Equal(["llama-3.1-8b"], ModelResolver.AliasesOf(Seed, "tulu-3-1-8b"));
        Assert.Empty(ModelResolver.AliasesOf(Seed, "olmoe-0125"));
    }
}
