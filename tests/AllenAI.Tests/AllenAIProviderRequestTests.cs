using System.Globalization;
using Microsoft.AspNetCore.Http;
using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>What the provider puts on the wire, as a Kestrel fake of Ai2 receives it.</summary>
public sealed class AllenAIProviderRequestTests
{
    public static TheoryData<string, string, string> ModelNames => new()
    {
        { "", "tulu3-405b", "inferd" },
        { "tulu3-405b", "tulu3-405b", "inferd" },
        { "TULU3-405B", "tulu3-405b", "inferd" },
        { "tulu-3-405b", "tulu3-405b", "inferd" },
        // Two links: llama-3.1-405b → tulu-3-405b → tulu3-405b (g4f stopped after one and sent an alias).
        { "llama-3.1-405b", "tulu3-405b", "inferd" },
        { "olmo-2-13b", "OLMo-2-1124-13B-Instruct", "modal" },
        { "OLMo-2-1124-13B-Instruct", "OLMo-2-1124-13B-Instruct", "modal" },
        { "tulu-3-1-8b", "tulu-3-1-8b", "modal" },
        { "llama-3.1-8b", "tulu-3-1-8b", "modal" },
        { "tulu-3-70b", "Llama-3-1-Tulu-3-70B", "modal" },
        { "llama-3.1-70b", "Llama-3-1-Tulu-3-70B", "modal" },
        { "Llama-3-1-Tulu-3-70B", "Llama-3-1-Tulu-3-70B", "modal" },
        { "olmoe-0125", "olmoe-0125", "modal" },
    };

    [Fact]
    public async Task CreateAsyncGenerator_NewConversation_SendsExactFieldsAndHeaders()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("Say hello in three languages.")));

        Assert.Null(reply.Error);
        var request = server.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v4/message/stream", request.Path);
        Assert.Equal(
            [new("model", "tulu3-405b"), new("host", "inferd"), new("content", "Say hello in three languages."), new("private", "true")],
            request.Fields);
        Assert.StartsWith("multipart/form-data; boundary=", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("*/*", request.Headers["Accept"]);
        var anonymousId = request.Headers["X-Anonymous-User-ID"];
        Assert.True(Guid.TryParseExact(anonymousId, "D", out _), anonymousId);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(anonymousId, reply.Conversation!.Get("x_anonymous_user_id"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_TwoNewConversations_UseDifferentAnonymousIds()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("a")));
        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("b")));

        var ids = server.Requests.Select(r => r.Headers["X-Anonymous-User-ID"]).ToArray();
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task CreateAsyncGenerator_Continuation_SendsParentSameIdAndOnlyTheLastUserMessage()
    {
        var bodies = new Queue<string>(["era-a-new-thread.jsonl", "era-a-follow-up.jsonl"]);
        await using var server = await KestrelAi2Server.StartAsync((context, _) =>
            KestrelAi2Server.Respond(200, FixtureFile.Read(bodies.Dequeue()))(context, null!));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        var first = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("Say hello in three languages.")));
        var firstText = FixtureFile.Named("era-a-new-thread.jsonl").Text;
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Say hello in three languages."),
            new(ChatRole.Assistant, firstText),
            new(ChatRole.User, "Thanks! Now say goodbye in Spanish."),
        ];
        var snapshot = messages.ToArray();

        var second = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(new ChatRequest
        {
            Model = "tulu3-405b",
            Messages = messages,
            Conversation = first.Conversation,
        }));

        Assert.Null(second.Error);
        var requests = server.Requests.ToArray();
        Assert.Equal(
            [new("model", "tulu3-405b"), new("host", "inferd"), new("content", "Thanks! Now say goodbye in Spanish."), new("private", "true"), new("parent", "msg_V8C1M5X2R7")],
            requests[1].Fields);
        Assert.Equal(requests[0].Headers["X-Anonymous-User-ID"], requests[1].Headers["X-Anonymous-User-ID"]);
        Assert.Equal("msg_S5E3J8F1Z6", second.Conversation!.Get("parent"));
        Assert.Equal(requests[0].Headers["X-Anonymous-User-ID"], second.Conversation.Get("x_anonymous_user_id"));
        Assert.Equal(
            [.. snapshot, new ChatMessage(ChatRole.Assistant, "You're welcome! Adiós y hasta luego 🙂")],
            second.Conversation.Messages);
        Assert.Equal(snapshot, messages);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public async Task CreateAsyncGenerator_ModelIdOrAlias_SendsRealIdAndItsHost(string requested, string modelId, string host)
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi", requested)));

        Assert.Null(reply.Error);
        var request = server.Requests.Single();
        Assert.Equal(modelId, request.Single("model"));
        Assert.Equal(host, request.Single("host"));
        Assert.Equal(modelId, reply.Conversation!.Model);
    }

    [Fact]
    public void ModelNames_CoverEveryAliasOfTheProvider()
    {
        var covered = ModelNames.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.All(AllenAIProvider.Info.ModelAliases.Keys.Concat(AllenAIProvider.Info.Models), name => Assert.Contains(name, covered));
    }

    [Fact]
    public async Task CreateAsyncGenerator_ModelHostsConfigured_OverridesTheBuiltInHost()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("modelHosts:tulu-3-1-8b", "cirrascale_backend"));

        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi", "llama-3.1-8b")));

        Assert.Equal("cirrascale_backend", server.Requests.Single().Single("host"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_HostRequestOption_OverridesConfiguration()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("modelHosts:tulu3-405b", "modal"));

        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Requests.Ask("hi") with { Options = new Dictionary<string, string> { ["host"] = "beaker_queues" } }));

        Assert.Equal("beaker_queues", server.Requests.Single().Single("host"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_SamplingUnderGermanCulture_SentWithInvariantCultureAndRepeatedStop()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        var original = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("0,7", 0.7.ToString(CultureInfo.CurrentCulture));
            await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi") with
            {
                Temperature = 0.7,
                TopP = 0.95,
                MaxTokens = 512,
                Stop = ["\n\n", "User:"],
            }));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(
            [
                new("model", "tulu3-405b"), new("host", "inferd"), new("content", "hi"), new("private", "true"),
                new("temperature", "0.7"), new("top_p", "0.95"), new("max_tokens", "512"), new("stop", "\n\n"), new("stop", "User:"),
            ],
            server.Requests.Single().Fields);
    }

    [Theory]
    [InlineData("temperature", 1.5, null, null)]
    [InlineData("temperature", -0.01, null, null)]
    [InlineData("temperature", 0.555, null, null)]
    [InlineData("temperature", double.NaN, null, null)]
    [InlineData("top_p", null, 0.0, null)]
    [InlineData("top_p", null, 0.955, null)]
    [InlineData("top_p", null, 1.01, null)]
    [InlineData("max_tokens", null, null, 0)]
    [InlineData("max_tokens", null, null, 2049)]
    public async Task CreateAsyncGenerator_SamplingOutOfRange_RejectedBeforeAnyRequest(string parameter, double? temperature, double? topP, int? maxTokens)
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Requests.Ask("hi") with { Temperature = temperature, TopP = topP, MaxTokens = maxTokens }));

        Assert.Equal(parameter, Assert.IsType<InvalidChatRequestException>(reply.Error).Parameter);
        Assert.Empty(reply.Items);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EmptyStopSequence_RejectedBeforeAnyRequest()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi") with { Stop = ["ok", ""] }));

        Assert.Equal("stop", Assert.IsType<InvalidChatRequestException>(reply.Error).Parameter);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("false", "false")]
    [InlineData("True", "true")]
    public async Task CreateAsyncGenerator_PrivateOption_SentLowercase(string option, string sent)
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Requests.Ask("hi") with { Options = new Dictionary<string, string> { ["private"] = option } }));

        Assert.Equal(sent, server.Requests.Single().Single("private"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_UnknownModel_ThrowsBeforeAnyRequest()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi", "gpt-4o")));

        Assert.Equal("gpt-4o", Assert.IsType<ModelNotFoundException>(reply.Error).Model);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(0.01, "0.01")]
    [InlineData(0.29, "0.29")]
    public async Task CreateAsyncGenerator_TemperatureAtAnEdge_Accepted(double temperature, string sent)
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi") with { Temperature = temperature }));

        Assert.Null(reply.Error);
        Assert.Equal(sent, server.Requests.Single().Single("temperature"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_PromptWithQuotesCrlfAndBoundaryLikeText_ArrivesVerbatim()
    {
        const string prompt = "He said \"hi\"\r\n--boundary\r\nContent-Disposition: form-data; name=\"host\"\r\n\r\nmodal\r\nÜñíçødé 👋";
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask(prompt)));

        var request = server.Requests.Single();
        Assert.Equal(prompt, request.Single("content"));
        Assert.Equal("inferd", request.Single("host"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_SystemMessage_FoldedIntoThePrompt()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(new ChatRequest
        {
            Model = "tulu3-405b",
            Messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")],
        }));

        Assert.Equal("System: Be brief.\nUser: hi\nAssistant:", server.Requests.Single().Single("content"));
        Assert.Equal(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi"), new(ChatRole.Assistant, FixtureFile.Named("era-a-new-thread.jsonl").Text)],
            reply.Conversation!.Messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ThreadsProtocol_PostsToThreadsWithCamelCaseNamesAndNoHost()
    {
        await using var server = await StartAsync();
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("protocol", "threads"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Requests.Ask("hello") with { TopP = 0.5, MaxTokens = 100 }));

        Assert.Equal("Hi! How can I help you today?", reply.Text);
        var request = server.Requests.Single();
        Assert.Equal("/v4/threads/", request.Path);
        Assert.Equal(
            [new("model", "tulu3-405b"), new("content", "hello"), new("private", "true"), new("topP", "0.5"), new("maxTokens", "100")],
            request.Fields);
    }

    [Fact]
    public async Task CreateAsyncGenerator_AutoAnd404_SwitchesToThreadsOnceAndStaysThere()
    {
        await using var server = await StartAsync(retired: true);
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var first = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hello")));
        var second = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hello")));

        Assert.Equal("Hi! How can I help you today?", first.Text);
        Assert.Equal("Hi! How can I help you today?", second.Text);
        Assert.Equal(["/v4/message/stream", "/v4/threads/", "/v4/threads/"], server.Requests.Select(r => r.Path));
        var requests = server.Requests.ToArray();
        Assert.Equal(requests[0].Headers["X-Anonymous-User-ID"], requests[1].Headers["X-Anonymous-User-ID"]);
    }

    [Fact]
    public async Task CreateAsyncGenerator_MessageStreamProtocolAnd404_FailsWithoutSwitching()
    {
        await using var server = await StartAsync(retired: true);
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("protocol", "message-stream"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hello")));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, Assert.IsType<UpstreamException>(reply.Error).Status);
        Assert.Equal(["/v4/message/stream"], server.Requests.Select(r => r.Path));
    }

    /// <summary>A fake answering /v4/threads/ with the threads fixture and the old route with a fixture, or 404 once retired.</summary>
    private static Task<KestrelAi2Server> StartAsync(bool retired = false) =>
        KestrelAi2Server.StartAsync((context, request) => request.Path switch
        {
            "/v4/threads/" => KestrelAi2Server.Respond(200, FixtureFile.Read("v4-threads.jsonl"))(context, request),
            _ when retired => KestrelAi2Server.Respond(StatusCodes.Status404NotFound,
                "{\"error\": {\"code\": 404, \"message\": \"The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.\"}}",
                "application/json")(context, request),
            _ => KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl"))(context, request),
        });
}
