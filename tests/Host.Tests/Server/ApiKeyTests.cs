using System.Net;
using System.Net.Http.Headers;
using OpenAI.Chat;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class ApiKeyTests
{
    private const string Key = "sk-test-0123456789";

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer sk-test-012345678")]
    [InlineData("Basic sk-test-0123456789")]
    [InlineData("sk-test-0123456789")]
    public async Task Request_WithoutTheRightBearerToken_Returns401InOpenAIShape(string? authorization)
    {
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(provider), apiKey: Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(ChatCompletionsTests.ChatJson("fake-1", stream: false), System.Text.Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "invalid_request_error", "invalid_api_key",
            "Missing or invalid API key; send 'Authorization: Bearer <key>'.");
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task CompleteChat_SdkWithTheKey_IsServed()
    {
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(provider), apiKey: Key);

        ChatCompletion completion = await server.ChatClient("fake-1", apiKey: Key).CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("ok", completion.Content[0].Text);
    }

    [Fact]
    public async Task GetModels_WithTheKey_Returns200AndWithoutIt401()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])), apiKey: Key);
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var withKey = await server.Http.SendAsync(authorized);
        using var withoutKey = await server.Http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task GetHealth_KeyRequired_StaysOpenForProbes()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])), apiKey: Key);

        using var response = await server.Http.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
