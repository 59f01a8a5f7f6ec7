using System.ClientModel;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Models;
using Providers.Abstractions;
using Providers.Host.Logging;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary>CORS, request ids, model retrieval and <c>/v1/responses</c> on a real port.</summary>
public sealed class ServerApiTests
{
    private const string Origin = "https://app.example";

    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"], new Dictionary<string, string> { ["nick"] = "fake-1" });

    [Fact]
    public async Task Cors_PreflightWithoutKeyAnswered_RealRequestStillNeedsTheKey()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider), apiKey: "secret", corsOrigins: [Origin]);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/chat/completions");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var preflighted = await server.Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, preflighted.StatusCode);
        Assert.Equal(Origin, preflighted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflighted.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        using var keyless = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        keyless.Headers.Add("Origin", Origin);
        using var refused = await server.Http.SendAsync(keyless);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Origin, refused.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        keyed.Headers.Add("Origin", Origin);
        keyed.Headers.Authorization = new("Bearer", "secret");
        using var allowed = await server.Http.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Origin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Request-Id", allowed.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_OffByDefaultAndForOtherOrigins_NoAllowHeader()
    {
        await using var off = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        await using var on = await RunningServer.StartAsync(FakeCatalog.Of(_provider), corsOrigins: [Origin]);

        foreach (var (server, origin) in new[] { (off, Origin), (on, "https://evil.example") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models");
            request.Headers.Add("Origin", origin);
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task RequestId_EchoedWhenSaneGeneratedOtherwise_InErrorBodyAndLogLine()
    {
        var log = new StringWriter();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TextWriterLoggerProvider(TextWriter.Synchronized(log))).SetMinimumLevel(LogLevel.Debug));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider), loggerFactory: loggers);

        using var echoed = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        echoed.Headers.Add("X-Request-Id", "client-id-42");
        using var failed = await server.Http.SendAsync(echoed);
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal("client-id-42", failed.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("client-id-42", (await RunningServer.ReadJsonAsync(failed)).GetProperty("error").GetProperty("request_id").GetString());
        Assert.Contains(log.ToString().Split('\n'), l => l.Contains("[request client-id-42]", StringComparison.Ordinal) && l.Contains("gpt-5", StringComparison.Ordinal));

        using var insane = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        insane.Headers.TryAddWithoutValidation("X-Request-Id", new string('x', 200));
        using var generated = await server.Http.SendAsync(insane);
        var id = generated.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^req_[0-9a-f]{32}$", id);

        using var plain = await server.Http.GetAsync("v1/models");
        Assert.NotEqual(id, plain.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task ModelsRetrieve_IdAndAliasAnsweredWithTheRealId_UnknownIs404()
    {
        var catalog = new FakeCatalog([FakeCatalog.Entry(_provider)], new Dictionary<string, string> { ["fast"] = "nick" });
        await using var server = await RunningServer.StartAsync(catalog);
        var models = new OpenAIModelClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

        OpenAIModel byId = await models.GetModelAsync("fake-1");
        OpenAIModel byAlias = await models.GetModelAsync("fast");
        Assert.Equal(("fake-1", "Fake"), (byId.Id, byId.OwnedBy));
        Assert.Equal(("fake-1", "Fake"), (byAlias.Id, byAlias.OwnedBy));

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => models.GetModelAsync("gpt-5"));
        Assert.Equal(404, missing.Status);

        using var listed = await server.Http.GetAsync("v1/models");
        var ids = (await RunningServer.ReadJsonAsync(listed)).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString());
        Assert.Equal(["fake-1", "fast"], ids);
    }

    [Fact]
    public async Task Responses_Plain_ReturnsTextAsOutputMessage()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(["Hel", "lo"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await PostResponsesAsync(server, """{"model":"nick","input":"hi","instructions":"Be terse."}""");
        var body = await RunningServer.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("response", "completed", "fake-1"),
            (body.GetProperty("object").GetString(), body.GetProperty("status").GetString(), body.GetProperty("model").GetString()));
        var message = Assert.Single(body.GetProperty("output").EnumerateArray());
        Assert.Equal("Hello", message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("output_text", message.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(
            [new ChatMessage(ChatRole.System, "Be terse."), new ChatMessage(ChatRole.User, "hi")],
            Assert.Single(_provider.Requests).Messages);
    }

    [Fact]
    public async Task Responses_Streamed_FollowsOpenAIsEventSequence()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(["Hel", "lo"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await PostResponsesAsync(server, """{"model":"fake-1","input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}],"stream":true}""");
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement))
            .ToList();

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
             "response.output_item.done", "response.completed"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.Equal(["Hel", "lo"], events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.Equal("Hello", events[^1].Data.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Responses_PreviousResponseId_SendsTheProvidersStoredStateUpstream()
    {
        var parent = new ConversationState { Provider = "Fake", Model = "fake-1", Messages = [new(ChatRole.User, "hi"), new(ChatRole.Assistant, "Hello")] }
            .With("parent", "msg_upstream_1");
        _provider.StreamCallback = (_, token) => TextWithState("Hello", parent, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var first = await PostResponsesAsync(server, """{"model":"fake-1","input":"hi"}""");
        var id = (await RunningServer.ReadJsonAsync(first)).GetProperty("id").GetString();
        using var second = await PostResponsesAsync(server, $$"""{"model":"fake-1","input":"and then?","previous_response_id":"{{id}}"}""");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await RunningServer.ReadJsonAsync(second)).GetProperty("previous_response_id").GetString());
        var continued = _provider.Requests.Last();
        Assert.Equal("msg_upstream_1", continued.Conversation?.Get("parent"));
        Assert.Equal([.. parent.Messages, new ChatMessage(ChatRole.User, "and then?")], continued.Messages);

        using var unknown = await PostResponsesAsync(server, """{"model":"fake-1","input":"x","previous_response_id":"resp_nope"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("previous_response_id", (await RunningServer.ReadJsonAsync(unknown)).GetProperty("error").GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("""{"model":"fake-1"}""", "input")]
    [InlineData("""{"model":"fake-1","input":[null]}""", "input[0]")]
    [InlineData("""{"model":"fake-1","input":"hi","tools":[{"type":"function","name":"f"}]}""", "tools")]
    [InlineData("""{"model":"fake-1","input":"hi","text":{"format":{"type":"json_object"}}}""", "text.format")]
    [InlineData("""{"model":"fake-1","input":[{"type":"function_call_output","call_id":"c","output":"x"}]}""", "input[0].type")]
    [InlineData("""{"model":"fake-1","input":"hi","temperature":"1"}""", "temperature")]
    public async Task Responses_MalformedOrUnsupported_400NamingTheField(string body, string param)
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await PostResponsesAsync(server, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await RunningServer.ReadJsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(0, _provider.Calls);
    }

    private static Task<HttpResponseMessage> PostResponsesAsync(RunningServer server, string json) =>
        server.Http.PostAsync("v1/responses", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async IAsyncEnumerable<ResponseItem> TextWithState(string text, ConversationState state,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new TextDelta(text);
        yield return new ConversationUpdate(state);
        yield return new FinishItem(FinishReason.Stop);
    }
}
