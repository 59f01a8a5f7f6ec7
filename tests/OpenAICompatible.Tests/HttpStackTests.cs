using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.OpenAICompatible.Tests.Fakes;
using Providers.Plugins.Shared;
using static Providers.OpenAICompatible.Tests.Fakes.ProviderHarness;

namespace Providers.OpenAICompatible.Tests;

/// <summary>An instance's HTTP stack is built when it first sends (a chat request, or discovery when its models are read), never by creating it.</summary>
public sealed class HttpStackTests
{
    [Fact]
    public async Task Creating_the_provider_and_reading_configured_models_builds_no_http_stack_the_first_request_does()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Sse.Bytes(Sse.Content("ok"), Sse.Finish("stop"), Sse.Done));
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl));
        var provider = services.GetRequiredService<IAsyncGeneratorProvider>();
        var stack = services.GetRequiredService<LazyHttpStack>();

        Assert.Equal(["llama3.2", "qwen2.5:7b"], provider.Metadata.Models);
        Assert.False(stack.IsBuilt);

        var (items, failure) = await CollectAsync(provider, Ask("Hi", "llama"));

        Assert.Null(failure);
        Assert.Equal("ok", Text(items));
        Assert.True(stack.IsBuilt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Discovery_builds_the_http_stack_when_the_models_are_first_read()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(200, "application/json", chunked: false);
            await exchange.SendAsync("""{"object":"list","data":[{"id":"mistral:7b","object":"model","created":1,"owned_by":"library"}]}"""u8.ToArray());
            await exchange.EndAsync();
        });
        using var services = Services(Section(server.BaseUrl, ("discoverModels", "true")));
        var provider = services.GetRequiredService<IAsyncGeneratorProvider>();
        var stack = services.GetRequiredService<LazyHttpStack>();

        Assert.False(stack.IsBuilt);
        Assert.Equal(["llama3.2", "qwen2.5:7b", "mistral:7b"], provider.Metadata.Models);
        Assert.True(stack.IsBuilt);
        Assert.Equal("/v1/models", Assert.Single(server.Requests).Target);
    }
}
