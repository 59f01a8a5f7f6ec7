using Providers.Abstractions;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Routing;

public sealed class RequestAdapterTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "Hi"),
        new(ChatRole.Assistant, "Hello!"),
        new(ChatRole.System, "Answer in French."),
        new(ChatRole.User, "What is 2+2?"),
        new(ChatRole.User, "Exactly."),
    ];

    [Fact]
    public void Adapt_ProviderTakesEverything_OnlySetsTheRealModelId()
    {
        var request = new ChatRequest { Model = "alias", Messages = Conversation };

        var adapted = RequestAdapter.Adapt(request, Candidate(systemMessages: true, history: true), out var adaptations);

        Assert.Equal("real-1", adapted.Model);
        Assert.Same(request.Messages, adapted.Messages);
        Assert.Equal(RequestAdaptations.None, adaptations);
    }

    [Fact]
    public void Adapt_NoSystemMessageSupport_FoldsAllSystemTextIntoFirstUserMessage()
    {
        var adapted = RequestAdapter.Adapt(new ChatRequest { Messages = Conversation }, Candidate(systemMessages: false, history: true), out var adaptations);

        Assert.Equal(
            [
                new(ChatRole.User, "Be brief.\nAnswer in French.\n\nHi"),
                new(ChatRole.Assistant, "Hello!"),
                new(ChatRole.User, "What is 2+2?"),
                new(ChatRole.User, "Exactly."),
            ],
            adapted.Messages);
        Assert.Equal(RequestAdaptations.SystemFolded, adaptations);
    }

    [Fact]
    public void Adapt_NoHistorySupport_KeepsSystemMessagesAndTheLastUserRun()
    {
        var adapted = RequestAdapter.Adapt(new ChatRequest { Messages = Conversation }, Candidate(systemMessages: true, history: false), out var adaptations);

        Assert.Equal(
            [
                new(ChatRole.System, "Be brief."),
                new(ChatRole.System, "Answer in French."),
                new(ChatRole.User, "What is 2+2?\nExactly."),
            ],
            adapted.Messages);
        Assert.Equal(RequestAdaptations.HistoryDropped, adaptations);
    }

    [Fact]
    public void Adapt_NeitherSupported_SystemPromptSurvivesInTheOnlyUserMessage()
    {
        var adapted = RequestAdapter.Adapt(new ChatRequest { Messages = Conversation }, Candidate(systemMessages: false, history: false), out var adaptations);

        Assert.Equal([new ChatMessage(ChatRole.User, "Be brief.\nAnswer in French.\n\nWhat is 2+2?\nExactly.")], adapted.Messages);
        Assert.Equal(RequestAdaptations.SystemFolded | RequestAdaptations.HistoryDropped, adaptations);
    }

    [Fact]
    public void Adapt_OnlySystemMessages_BecomeOneUserMessage()
    {
        var request = new ChatRequest { Messages = [new(ChatRole.System, "a"), new(ChatRole.System, "b")] };

        var adapted = RequestAdapter.Adapt(request, Candidate(systemMessages: false, history: true), out _);

        Assert.Equal([new ChatMessage(ChatRole.User, "a\nb")], adapted.Messages);
    }

    [Fact]
    public void Adapt_NoHistorySupportAndNoUserMessage_KeepsOnlyTheSystemMessages()
    {
        var request = new ChatRequest { Messages = [new(ChatRole.System, "Be brief."), new(ChatRole.Assistant, "Hello!")] };

        var adapted = RequestAdapter.Adapt(request, Candidate(systemMessages: true, history: false), out var adaptations);

        Assert.Equal([new ChatMessage(ChatRole.System, "Be brief.")], adapted.Messages);
        Assert.Equal(RequestAdaptations.HistoryDropped, adaptations);
    }

    [Fact]
    public void Adapt_NoSystemSupportAndNoUserMessage_SystemTextTakesTheFirstSystemMessagesPlace()
    {
        var request = new ChatRequest { Messages = [new(ChatRole.Assistant, "Hello!"), new(ChatRole.System, "a"), new(ChatRole.Assistant, "Bye."), new(ChatRole.System, "b")] };

        var adapted = RequestAdapter.Adapt(request, Candidate(systemMessages: false, history: true), out _);

        Assert.Equal([new(ChatRole.Assistant, "Hello!"), new(ChatRole.User, "a\nb"), new ChatMessage(ChatRole.Assistant, "Bye.")], adapted.Messages);
    }

    [Fact]
    public void Adapt_NullArgument_ThrowsArgumentNull()
    {
        var request = new ChatRequest { Messages = Conversation };

        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => RequestAdapter.Adapt(null!, Candidate(true, true), out _)).ParamName);
        Assert.Equal("candidate", Assert.Throws<ArgumentNullException>(() => RequestAdapter.Adapt(request, null!, out _)).ParamName);
    }

    private static RouteCandidate Candidate(bool systemMessages, bool history)
    {
        var provider = FakeProvider.Create("P", ["real-1"], systemMessages: systemMessages, history: history);
        return new RouteCandidate("P", provider, provider.Metadata, "real-1");
    }
}
