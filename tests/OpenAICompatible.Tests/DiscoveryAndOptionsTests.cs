using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using static Providers.OpenAICompatible.Tests.Fakes.ProviderHarness;

namespace Providers.OpenAICompatible.Tests;

public sealed class DiscoveryAndOptionsTests
{
    [Fact]
    public async Task Discovery_asks_models_once_and_serves_the_ids_it_returns()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(200, "application/json", chunked: false);
            await exchange.SendAsync("""{"object":"list","data":[{"id":"llama3.2","object":"model","created":1,"owned_by":"library"},{"id":"mistral:7b","object":"model","created":1,"owned_by":"library"}]}"""u8.ToArray());
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl, ("discoverModels", "true")));
        var provider = services.GetRequiredService<IAsyncGeneratorProvider>();

        var metadata = provider.Metadata;
        _ = provider.Metadata;

        Assert.True(metadata.Working);
        Assert.Null(metadata.Error);
        Assert.Equal(["llama3.2", "qwen2.5:7b", "mistral:7b"], metadata.Models);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/models", request.Target);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_failed_discovery_keeps_the_configured_models_and_says_why_in_one_line()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(500, "application/json", chunked: false);
            await exchange.SendAsync("""{"error":{"message":"database\nunavailable"}}"""u8.ToArray());
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl, ("discoverModels", "true")));

        var metadata = services.GetRequiredService<IAsyncGeneratorProvider>().Metadata;

        Assert.False(metadata.Working);
        Assert.Equal($"Local: model discovery failed (GET {server.BaseUrl}/models): HTTP 500: database unavailable", metadata.Error);
        Assert.Equal(["llama3.2", "qwen2.5:7b"], metadata.Models);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Describe_lists_the_instance_from_its_section_without_io()
    {
        var baseUrl = new Uri("http://127.0.0.1:9/v1");
        var variable = "OAIC_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-listed-never");
        ProviderMetadata metadata;
        try
        {
            metadata = new OpenAICompatibleProviderType().Describe(Instance(Section(baseUrl, ("apiKeyEnv", variable), ("label", "Ollama"))));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.Equal("Local", metadata.Name);
        Assert.Equal("Ollama", metadata.Label);
        Assert.Equal(baseUrl, metadata.Url);
        Assert.Equal(new Uri("http://127.0.0.1:9/v1/chat/completions"), metadata.ApiEndpoint);
        Assert.True(metadata.NeedsAuth);
        Assert.True(metadata.SupportsStream);
        Assert.True(metadata.SupportsMessageHistory);
        Assert.True(metadata.SupportsSystemMessage);
        Assert.True(metadata.Working);
        Assert.Null(metadata.Error);
        Assert.Equal("llama3.2", metadata.DefaultModel);
        Assert.Equal("llama3.2", ModelResolver.Resolve(metadata, "llama"));
    }

    [Theory]
    [InlineData(null, "baseUrl is required")]
    [InlineData("/v1", "baseUrl must be an absolute http or https URL.")]
    [InlineData("ftp://example.com/v1", "baseUrl must be an absolute http or https URL.")]
    public void A_bad_baseUrl_fails_validation_naming_the_key(string? baseUrl, string expected)
    {
        var section = Section(new Uri("http://127.0.0.1/v1"));
        section["baseUrl"] = baseUrl;
        using var services = Services(section);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OpenAICompatibleOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_type_registers_as_the_OpenAICompatible_type_that_needs_configuration()
    {
        var type = new OpenAICompatibleProviderType();

        Assert.Equal("OpenAICompatible", type.Name);
        Assert.True(type.RequiresConfiguration);
        Assert.Equal(typeof(OpenAICompatibleOptions), type.OptionsType);
        Assert.True(typeof(ProviderOptions).IsAssignableFrom(type.OptionsType));
    }

    [Fact]
    public void An_unset_key_variable_is_listed_as_not_working_with_the_variables_name()
    {
        var variable = "OAIC_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var metadata = new OpenAICompatibleProviderType().Describe(Instance(Section(new Uri("http://127.0.0.1:9/v1"), ("apiKeyEnv", variable))));

        Assert.False(metadata.Working);
        Assert.Equal($"the environment variable {variable} (apiKeyEnv) is empty or not set", metadata.Error);
    }
}
