using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Chat;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary>Statuses that tell the truth, Retry-After, and no retry storms between the SDK and the host.</summary>
public sealed class StatusCodeTests
{
    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_Upstream429NoOtherCandidateAbsorbs_Returns429WithRetryAfterAndNoClientRetry(bool stream)
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new RateLimitedException("Fake", TimeSpan.FromSeconds(30), null, "Fake asked to slow down."), token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider),
            routing: new RoutingOptions { MaxRetries = 2, MaxBackoffMilliseconds = 5_000 }, time: _time);

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("fake-1", stream));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal(["false"], response.Headers.GetValues("x-should-retry"));
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "rate_limited", "Fake asked to slow down.");
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task Post_EveryCandidateResting_Returns503WithSecondsUntilTheBreakEnds()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new UpstreamException("Fake", HttpStatusCode.InternalServerError, null, "Fake answered HTTP 500."), token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider),
            routing: new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 60 }, time: _time);

        using var first = await server.PostChatAsync(ChatCompletionsTests.ChatJson("fake-1", stream: false));
        using var second = await server.PostChatAsync(ChatCompletionsTests.ChatJson("fake-1", stream: false));
        _time.Advance(TimeSpan.FromSeconds(45));
        using var resting = await server.PostChatAsync(ChatCompletionsTests.ChatJson("fake-1", stream: true));

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable],
            [first.StatusCode, second.StatusCode, resting.StatusCode]);
        Assert.Equal(["false"], first.Headers.GetValues("x-should-retry"));
        Assert.Null(first.Headers.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(15), resting.Headers.RetryAfter?.Delta);
        Assert.Equal(["false"], resting.Headers.GetValues("x-should-retry"));
        var error = (await RunningServer.ReadJsonAsync(resting)).GetProperty("error");
        Assert.Equal("upstream_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(2, _provider.Calls);
    }

    [Fact]
    public async Task Post_UnknownModel_400WithoutRetryHeaders()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider), time: _time);

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("nope", stream: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("x-should-retry"));
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task OpenAISdkCall_FailingUpstream_AtMostThreeUpstreamRequestsNotNine()
    {
        // The host tries 3 times (2 retries); the SDK tries 3 times too. Without the per-model breaker
        // tripping on the host's own attempts, that was 9 upstream requests for one call.
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new UpstreamException("Fake", HttpStatusCode.InternalServerError, null, "Fake answered HTTP 500."), token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider),
            routing: new RoutingOptions { MaxRetries = 2, InitialBackoffMilliseconds = 0, FailuresBeforeCooldown = 3, CooldownSeconds = 1 }, time: _time);
        var client = new ChatClient("fake-1", new ApiKeyCredential("not-checked"), new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 2),
        });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(3, _provider.Calls);
        Assert.Equal(503, error.Status);
    }
}
