using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>The <c>providers:AllenAI</c> section: defaults, binding and validation at start.</summary>
public sealed class AllenAIOptionsTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/v4/message/stream");

    [Fact]
    public void Defaults_MatchTheDocumentedConfiguration()
    {
        var options = new AllenAIOptions();

        Assert.Equal("auto", options.Protocol);
        Assert.Equal(16 * 1024 * 1024, options.MaxLineBytes);
        Assert.Empty(options.ModelHosts);
        Assert.Equal(120, options.TimeoutSeconds);
        Assert.Null(options.ApiEndpoint);
        Assert.Null(options.Proxy);
    }

    [Fact]
    public void ConfigureServices_AllKeys_Bound()
    {
        using var harness = ProviderHarness.Create(Endpoint,
            ("protocol", "threads"), ("maxLineBytes", "2048"), ("modelHosts:olmoe-0125", "cirrascale"),
            ("timeoutSeconds", "7"), ("proxy", "http://127.0.0.1:3128"), ("enabled", "false"), ("priority", "3"));

        var options = harness.Services.GetRequiredService<IOptions<AllenAIOptions>>().Value;

        Assert.Equal("threads", options.Protocol);
        Assert.Equal(2048, options.MaxLineBytes);
        Assert.Equal("cirrascale", options.ModelHosts["olmoe-0125"]);
        Assert.Equal(7, options.TimeoutSeconds);
        Assert.Equal(new Uri("http://127.0.0.1:3128"), options.Proxy);
        Assert.False(options.Enabled);
        Assert.Equal(3, options.Priority);
    }

    [Theory]
    [InlineData("protocol", "sideways", "Protocol")]
    [InlineData("protocol", "Threads", "Protocol")]
    [InlineData("maxLineBytes", "100", "MaxLineBytes")]
    [InlineData("timeoutSeconds", "0", "TimeoutSeconds")]
    [InlineData("modelHosts:tulu3-405b", "", "modelHosts:tulu3-405b")]
    [InlineData("apiEndpoint", "ftp://example.org/v4/message/stream", "apiEndpoint")]
    public void ConfigureServices_InvalidValue_FailsValidationNamingTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ProviderHarness.Create(Endpoint, (key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureServices_HostsTypeKeyInTheSection_Binds()
    {
        // The host checks keys against AllenAIOptions before the plugin binds, and "type" is the host's own key.
        using var harness = ProviderHarness.Create(Endpoint, ("type", "AllenAI"), ("priority", "4"));

        Assert.Equal(4, harness.Services.GetRequiredService<IOptions<AllenAIOptions>>().Value.Priority);
    }

    [Fact]
    public void CreateHandler_WithoutProxy_IgnoresEnvironmentProxiesAndNeverDrainsAbandonedReplies()
    {
        using var handler = AllenAIProviderType.CreateHandler(new AllenAIOptions { TimeoutSeconds = 9 });

        Assert.False(handler.UseProxy);
        Assert.Equal(TimeSpan.FromSeconds(9), handler.ConnectTimeout);
        Assert.Equal(0, handler.MaxResponseDrainSize);
    }
}
