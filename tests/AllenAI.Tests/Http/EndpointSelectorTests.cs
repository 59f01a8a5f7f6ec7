using Providers.AllenAI.Http;

namespace Providers.AllenAI.Tests.Http;

public sealed class EndpointSelectorTests
{
    [Theory]
    [InlineData("https://olmo-api.allen.ai/v4/message/stream", "https://olmo-api.allen.ai/v4/threads/")]
    [InlineData("http://127.0.0.1:5000/ai2/v4/message/stream/", "http://127.0.0.1:5000/ai2/v4/threads/")]
    [InlineData("http://127.0.0.1:5000/custom/path?x=1", "http://127.0.0.1:5000/v4/threads/")]
    public void SuccessorOf_Endpoint_SameOriginThreadsPath(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), EndpointSelector.SuccessorOf(new Uri(endpoint)));
    }

    [Theory]
    [InlineData("auto", "https://olmo-api.allen.ai/v4/message/stream", "https://olmo-api.allen.ai/v4/message/stream", false)]
    [InlineData("auto", "https://olmo-api.allen.ai/v4/threads/", "https://olmo-api.allen.ai/v4/threads/", true)]
    [InlineData("message-stream", "https://olmo-api.allen.ai/v4/message/stream", "https://olmo-api.allen.ai/v4/message/stream", false)]
    [InlineData("threads", "https://olmo-api.allen.ai/v4/message/stream", "https://olmo-api.allen.ai/v4/threads/", true)]
    [InlineData("threads", "https://olmo-api.allen.ai/v4/threads", "https://olmo-api.allen.ai/v4/threads", true)]
    public void Current_Protocol_StartsWhereConfigured(string protocol, string configured, string expected, bool isThreads)
    {
        var selector = new EndpointSelector(protocol, new Uri(configured));

        Assert.Equal(new EndpointTarget(new Uri(expected), isThreads), selector.Current);
    }

    [Fact]
    public void SwitchAfterNotFound_Auto_MovesOnceForEveryone()
    {
        var selector = new EndpointSelector("auto", new Uri("https://olmo-api.allen.ai/v4/message/stream"));
        var failed = selector.Current;

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => selector.SwitchAfterNotFound(failed)).ToArray();

        // EndpointTarget is a record: Equal compares values and would pass even if every caller
        // minted its own successor. Same pins the compare-and-swap: one instance for everyone.
        var successor = selector.Current;
        Assert.Equal(new EndpointTarget(new Uri("https://olmo-api.allen.ai/v4/threads/"), IsThreads: true), successor);
        Assert.All(results, r => Assert.Same(successor, r));
        Assert.Null(selector.SwitchAfterNotFound(selector.Current));
    }

    [Theory]
    [InlineData("message-stream")]
    [InlineData("threads")]
    public void SwitchAfterNotFound_ExplicitProtocol_NeverMoves(string protocol)
    {
        var selector = new EndpointSelector(protocol, new Uri("https://olmo-api.allen.ai/v4/message/stream"));
        var before = selector.Current;

        Assert.Null(selector.SwitchAfterNotFound(before));
        Assert.Same(before, selector.Current);
    }
}
