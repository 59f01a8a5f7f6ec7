using Providers.Abstractions;
using Providers.AllenAI.Http;

namespace Providers.AllenAI.Tests.Http;

public sealed class MultipartRequestBuilderTests
{
    [Fact]
    public void Build_AnyRequest_NamesThePluginAndItsVersionAsUserAgent()
    {
        var prepared = PreparedRequest.Create(new ChatRequest { Model = "tulu3-405b", Messages = [new ChatMessage(ChatRole.User, "hi")] }, new AllenAIOptions());
        var version = typeof(AllenAIProvider).Assembly.GetName().Version!.ToString(3);

        using var request = MultipartRequestBuilder.Build(new EndpointTarget(new Uri("http://127.0.0.1/api/msg"), IsThreads: false), prepared);

        Assert.Equal($"Providers.AllenAI/{version}", request.Headers.UserAgent.ToString());
    }
}
