using Providers.Abstractions;

namespace Providers.AllenAI.Tests;

/// <summary>Building the wire request directly, for what the provider-level tests cannot tell apart.</summary>
public sealed class PreparedRequestTests
{
    private static readonly ChatRequest Ask = new() { Model = "tulu3-405b", Messages = [new ChatMessage(ChatRole.User, "hi")] };

    [Fact]
    public void Create_NoRequest_ThrowsArgumentNull()
    {
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => PreparedRequest.Create(null!, new AllenAIOptions())).ParamName);
    }

    [Fact]
    public void Create_HostAskedForInTheRequest_IsExplicit()
    {
        var prepared = PreparedRequest.Create(Ask with { Options = new Dictionary<string, string> { ["host"] = "inferd" } }, new AllenAIOptions());

        Assert.Equal(("inferd", true), (prepared.Host, prepared.HostIsExplicit));
    }

    [Fact]
    public void Create_EmptyStopSequence_RefusedWithItsReason()
    {
        var error = Assert.Throws<InvalidChatRequestException>(() => PreparedRequest.Create(Ask with { Stop = ["ok", ""] }, new AllenAIOptions()));

        Assert.Equal(("stop", "Stop sequences must not be empty."), (error.Parameter, error.Message));
    }
}
