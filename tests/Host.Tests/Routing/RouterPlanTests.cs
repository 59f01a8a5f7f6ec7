using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>How the router picks candidates for one request: defaults, conversations, pins and arguments.</summary>
public sealed class RouterPlanTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly FakeProvider _first = FakeProvider.Create("First", ["m"]);
    private readonly FakeProvider _second = FakeProvider.Create("Second", ["m", "m2"]);

    [Fact]
    public async Task CreateAsyncGenerator_NoModelInAContinuedConversation_UsesTheConversationsModel()
    {
        var router = Router(new FakeCatalog([FakeCatalog.Entry(_first, priority: 10), FakeCatalog.Entry(_second)]));
        var route = new RouteContext();
        var request = Request("") with { Conversation = new ConversationState { Provider = "Second", Model = "m2" } };

        await Collect.AllAsync(router.CreateAsyncGenerator(request, route));

        Assert.Equal("Second/m2", route.Selected?.ToString());
        Assert.Equal("m2", Assert.Single(_second.Requests).Model);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ConversationNamesItsProviderInAnotherCase_IsStillPinnedToIt()
    {
        var router = Router(new FakeCatalog([FakeCatalog.Entry(_first, priority: 10), FakeCatalog.Entry(_second)]));
        var request = Request("m") with { Conversation = new ConversationState { Provider = "SECOND", Model = "m" } };

        await Collect.AllAsync(router.CreateAsyncGenerator(request));

        Assert.Equal((0, 1), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_ConversationOfAProviderThatDoesNotServeTheModel_ThrowsModelNotFoundNamingIt()
    {
        var router = Router(FakeCatalog.Of(_first, _second));
        var request = Request("m") with { Conversation = new ConversationState { Provider = "Third", Model = "m" } };

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => Collect.AllAsync(router.CreateAsyncGenerator(request)));

        Assert.Equal("The conversation belongs to Third, which does not serve 'm' or is not active.", error.Message);
        Assert.Equal((0, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_PinnedProviderDoesNotServeTheModel_ThrowsInvalidRequestForTheProvider()
    {
        var router = Router(FakeCatalog.Of(_first, _second));

        var error = await Assert.ThrowsAsync<InvalidChatRequestException>(
            () => Collect.AllAsync(router.CreateAsyncGenerator(Request("m2"), new RouteContext { PinnedProvider = "first" })));

        Assert.Equal(("provider", "Provider First does not serve 'm2' or is not active."), (error.Parameter, error.Message));
        Assert.Equal((0, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_PinnedNameMatchesTwoProvidersIgnoringCase_TheExactOneServes()
    {
        var lower = FakeProvider.Create("twin", ["m"]);
        var upper = FakeProvider.Create("Twin", ["m"]);
        var router = Router(new FakeCatalog([FakeCatalog.Entry(lower, priority: 10), FakeCatalog.Entry(upper)]));
        var route = new RouteContext { PinnedProvider = "Twin" };

        await Collect.AllAsync(router.CreateAsyncGenerator(Request("m"), route));

        Assert.Equal("Twin/m", route.Selected?.ToString());
        Assert.Equal((0, 1), (lower.Calls, upper.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_RouteChosen_OnSelectedIsCalledOnceBeforeTheFirstItem()
    {
        var selected = new List<(string Route, int ItemsSeen)>();
        var received = new List<ResponseItem>();
        var route = new RouteContext { OnSelected = candidate => selected.Add((candidate.ToString(), received.Count)) };
        _second.StreamCallback = (_, token) => FakeProvider.Text(["a", "b"], token);

        await Collect.AllAsync(Router(FakeCatalog.Of(_second)).CreateAsyncGenerator(Request("m2"), route), received);

        Assert.Equal([("Second/m2", 0)], selected);
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task CreateAsyncGenerator_NullRequestOrRoute_ThrowsArgumentNull()
    {
        var router = Router(FakeCatalog.Of(_first));

        var request = await Assert.ThrowsAsync<ArgumentNullException>(() => Collect.AllAsync(router.CreateAsyncGenerator(null!, new RouteContext())));
        var route = await Assert.ThrowsAsync<ArgumentNullException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("m"), null!)));

        Assert.Equal(("request", "route"), (request.ParamName, route.ParamName));
    }

    [Fact]
    public void Constructor_MissingDependency_ThrowsArgumentNullNamingIt()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(_first));
        var options = new RoutingOptions();
        var logger = NullLogger<RouterProvider>.Instance;

        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => new RouterProvider((IProviderCatalogSource)null!, options, _time, logger)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new RouterProvider(source, null!, _time, logger)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentNullException>(() => new RouterProvider(source, options, null!, logger)).ParamName);
        Assert.Equal("logger", Assert.Throws<ArgumentNullException>(() => new RouterProvider(source, options, _time, null!)).ParamName);
    }

    [Fact]
    public async Task ProviderCatalogSource_NullCatalog_ThrowsArgumentNull()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(_first));

        Assert.Equal("initial", Assert.Throws<ArgumentNullException>(() => new ProviderCatalogSource(null!)).ParamName);
        Assert.Equal("next", (await Assert.ThrowsAsync<ArgumentNullException>(() => source.Replace(null!))).ParamName);
    }

    private RouterProvider Router(FakeCatalog catalog) =>
        new(catalog, new RoutingOptions { MaxRetries = 0 }, _time, NullLogger<RouterProvider>.Instance);

    private static ChatRequest Request(string model) => new() { Model = model, Messages = [new ChatMessage(ChatRole.User, "hi")] };
}
