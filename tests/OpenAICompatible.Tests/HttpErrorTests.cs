using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using static Providers.OpenAICompatible.Tests.Fakes.ProviderHarness;

namespace Providers.OpenAICompatible.Tests;

public sealed class HttpErrorTests
{
    private static RawHttpServer Answering(int status, string body, params string[] headers) => new(async exchange =>
    {
        await exchange.SendHeadAsync(status, "application/json", chunked: false, headers);
        await exchange.SendAsync(System.Text.Encoding.UTF8.GetBytes(body));
        await exchange.EndAsync();
    });

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Authentication_failures_are_missing_auth_with_the_upstreams_message(int status)
    {
        await using var server = Answering(status, """{"error":{"message":"Invalid API key.\nSee docs.","type":"invalid_request_error"}}""");
        using var services = Services(Section(server.BaseUrl));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        Assert.Empty(items);
        var error = Assert.IsType<MissingAuthException>(failure);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.False(error.IsTransient);
        Assert.Equal($"Local answered HTTP {status}: Invalid API key. See docs. (the server wants a key: set apiKeyEnv)", error.Message);
    }

    [Fact]
    public async Task Rate_limiting_honours_retry_after()
    {
        await using var server = Answering(429, """{"error":"too many requests"}""", "Retry-After: 7");
        using var services = Services(Section(server.BaseUrl));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        var error = Assert.IsType<RateLimitedException>(failure);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.Equal("Local answered HTTP 429: too many requests; retry after 7 s", error.Message);
    }

    [Theory]
    [InlineData(500, """{"error":{"message":"boom"}}""", "Local answered HTTP 500: boom")]
    [InlineData(503, "model is loading, try again", "Local answered HTTP 503: model is loading, try again")]
    public async Task Server_errors_are_transient_upstream_errors(int status, string body, string message)
    {
        await using var server = Answering(status, body);
        using var services = Services(Section(server.BaseUrl));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        var error = Assert.IsType<UpstreamException>(failure);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.True(error.IsTransient);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_connection_failure()
    {
        Uri baseUrl;
        await using (var closed = new RawHttpServer(_ => Task.CompletedTask))
        {
            baseUrl = closed.BaseUrl;
        }

        using var services = Services(Section(baseUrl));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("hi"));

        var error = Assert.IsType<ProviderStreamException>(failure);
        Assert.Equal("connection failed", error.Reason);
        Assert.True(error.IsTransient);
        Assert.StartsWith($"Could not reach Local at {baseUrl}/chat/completions: ", error.Message, StringComparison.Ordinal);
    }
}
