using Microsoft.Extensions.AI;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class MicrosoftExtensionsAITests
{
    [Fact]
    public async Task AsIChatClient_PointedAtTheServer_GetsTheProvidersTextStreamedAndNot()
    {
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => FakeProvider.Text(["It ", "works", "."], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(provider));
        using var client = server.ChatClient("fake-1").AsIChatClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "hi")]);
        var updates = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("It works.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("It works.", updates.Text);
        Assert.Equal(ChatFinishReason.Stop, updates.FinishReason);
        Assert.Equal(
            [new(Abstractions.ChatRole.System, "sys"), new(Abstractions.ChatRole.User, "hi")],
            provider.Requests.First().Messages);
    }
}
