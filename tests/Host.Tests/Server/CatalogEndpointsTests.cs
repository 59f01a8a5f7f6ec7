using System.Net;
using System.Text.Json;
using Providers.Host.Plugins;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class CatalogEndpointsTests
{
    private readonly FakeProvider _alpha = FakeProvider.Create("Alpha", ["a-1", "shared"], new Dictionary<string, string> { ["a"] = "a-1" }, systemMessages: false);
    private readonly FakeProvider _beta = FakeProvider.Create("Beta", ["shared", "b-1"]);
    private readonly FakeProvider _off = FakeProvider.Create("Off", ["off-1"]);

    [Fact]
    public async Task GetModels_ListsEachServedIdOnceOwnedByTheFirstProviderInRoutingOrder()
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, "v1/models", HttpStatusCode.OK);

        Assert.Equal("list", body.GetProperty("object").GetString());
        var models = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["shared", "b-1", "a-1"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["Beta", "Beta", "Alpha"], models.Select(m => m.GetProperty("owned_by").GetString()));
        Assert.All(models, m => Assert.Equal("model", m.GetProperty("object").GetString()));
        // The server's start time: a real timestamp, the same for every model.
        Assert.All(models, m => Assert.InRange(m.GetProperty("created").GetInt64(), 1_700_000_000, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task GetProviders_ListsEveryProviderWithFlagsAndStatus()
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, "v1/providers", HttpStatusCode.OK);

        Assert.Equal(["Alpha", "Beta", "Off"], body.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var off = body[2];
        Assert.Equal("Disabled", off.GetProperty("status").GetString());
        Assert.False(off.TryGetProperty("models", out _));
        var alpha = body[0];
        Assert.Equal(
            ["id", "object", "name", "label", "url", "login_url", "api_endpoint", "working", "needs_auth", "use_nodriver",
             "supports_stream", "supports_system_message", "supports_message_history", "status", "error"],
            alpha.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GetProvider_KnownIdAnyCase_AddsModelsAliasesAndDefaultModel()
    {
        await using var server = await StartAsync();

        var alpha = await GetJsonAsync(server, "v1/providers/alpha", HttpStatusCode.OK);

        Assert.Equal("provider", alpha.GetProperty("object").GetString());
        Assert.Equal("Alpha", alpha.GetProperty("name").GetString());
        Assert.Equal("Alpha label", alpha.GetProperty("label").GetString());
        Assert.Equal("https://alpha.example", alpha.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, alpha.GetProperty("login_url").ValueKind);
        Assert.Equal("https://api.alpha.example/v1/chat", alpha.GetProperty("api_endpoint").GetString());
        Assert.True(alpha.GetProperty("working").GetBoolean());
        Assert.False(alpha.GetProperty("needs_auth").GetBoolean());
        Assert.False(alpha.GetProperty("use_nodriver").GetBoolean());
        Assert.True(alpha.GetProperty("supports_stream").GetBoolean());
        Assert.False(alpha.GetProperty("supports_system_message").GetBoolean());
        Assert.True(alpha.GetProperty("supports_message_history").GetBoolean());
        Assert.Equal("Active", alpha.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, alpha.GetProperty("error").ValueKind);
        Assert.Equal("a-1", alpha.GetProperty("default_model").GetString());
        Assert.Equal(["a-1", "shared"], alpha.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("""{"a":"a-1"}""", alpha.GetProperty("model_aliases").GetRawText());
    }

    [Fact]
    public async Task GetProvider_UnknownId_Returns404InOpenAIShape()
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, "v1/providers/Nope", HttpStatusCode.NotFound);

        ChatCompletionsTests.AssertError(body, "invalid_request_error", "provider_not_found", "Unknown provider 'Nope'. Known: Alpha, Beta, Off.");
    }

    [Theory]
    [InlineData("v1/embeddings")]
    [InlineData("favicon.ico")]
    [InlineData("v1/models.json")]
    public async Task Get_UnknownRoute_Returns404InOpenAIShape(string path)
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, path, HttpStatusCode.NotFound);

        ChatCompletionsTests.AssertError(body, "invalid_request_error", "not_found", $"Unknown route: GET /{path}.");
    }

    [Fact]
    public async Task Get_ChatCompletionsWithWrongMethod_Is405InOpenAIShape()
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, "v1/chat/completions", HttpStatusCode.MethodNotAllowed);

        ChatCompletionsTests.AssertError(body, "invalid_request_error", "method_not_allowed", "GET is not allowed on /v1/chat/completions; allowed: POST.");
    }

    [Fact]
    public async Task GetHealth_Running_ReportsOkAndActiveProviderCount()
    {
        await using var server = await StartAsync();

        var body = await GetJsonAsync(server, "health", HttpStatusCode.OK);

        Assert.Equal("""{"status":"ok","active_providers":2}""", body.GetRawText());
    }

    private Task<RunningServer> StartAsync() => RunningServer.StartAsync(new FakeCatalog([
        FakeCatalog.Entry(_alpha, priority: 0), FakeCatalog.Entry(_beta, priority: 3), FakeCatalog.Entry(_off, status: ProviderStatus.Disabled)]));

    private static async Task<JsonElement> GetJsonAsync(RunningServer server, string path, HttpStatusCode expected)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await RunningServer.ReadJsonAsync(response);
    }
}
