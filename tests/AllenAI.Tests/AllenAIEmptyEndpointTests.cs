using Microsoft.Extensions.Options;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>An empty <c>apiEndpoint</c> is a mistake to report, never a fallback to the public service.</summary>
public sealed class AllenAIEmptyEndpointTests
{
    private static readonly Uri LocalEndpoint = new("http://127.0.0.1:9/v4/message/stream");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ConfigureServices_EmptyApiEndpoint_FailsNamingTheKey(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ProviderHarness.Create(LocalEndpoint, ("apiEndpoint", value)));

        Assert.Contains(
            "apiEndpoint is empty; give the endpoint's URL, or remove the key to use the public service.",
            Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureServices_ApiEndpointSet_StillBindsTheUri()
    {
        using var harness = ProviderHarness.Create(LocalEndpoint);

        var options = harness.Services.GetService(typeof(IOptions<AllenAIOptions>)) as IOptions<AllenAIOptions>;

        Assert.Equal(LocalEndpoint, options!.Value.ApiEndpoint);
        Assert.Equal(LocalEndpoint.ToString(), options.Value.ApiEndpointAsWritten);
    }
}
