using System.Net;
using System.Text;
using System.Text.Json;
using Providers.AllenAI.Tests.Fakes;
using Providers.Host.Configuration;
using Providers.Host.Tests.Cli;
using Providers.Host.Tests.Server;
using Providers.OpenAICompatible.Tests.Fakes;

namespace Providers.Host.Tests.MultiProvider;

/// <summary>
/// Two OpenAICompatible instances (fake servers "One" and "Two") and AllenAI (a fake Ai2) from one
/// plugins.json, with the real plugin folders the host's build laid out.
/// </summary>
public sealed class ThreeInstancesTests : IDisposable
{
    internal static string OpenAIPluginDirectory => Path.Combine(TestPaths.HostOutputDirectory, "plugins", "OpenAICompatible");

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().AddAllenAI().Add(OpenAIPluginDirectory);

    public void Dispose() => _folder.Dispose();

    private void Configure(Uri ai2, FakeOpenAIServer one, FakeOpenAIServer two, string aliases = "{}", int maxRetries = 0) => _folder.WriteConfig($$"""
        {
          "pluginsPath": "plugins",
          "providers": {
            "AllenAI": { "apiEndpoint": "{{ai2}}", "timeoutSeconds": 10 },
            "One": { "type": "OpenAICompatible", "baseUrl": "{{one.BaseUrl}}", "models": ["one-model", "shared"], "label": "First", "timeoutSeconds": 10 },
            "Two": { "type": "OpenAICompatible", "baseUrl": "{{two.BaseUrl}}", "models": ["two-model", "shared"], "modelAliases": { "t": "two-model" }, "timeoutSeconds": 10 }
          },
          "aliases": {{aliases}},
          "routing": { "maxRetries": {{maxRetries}}, "initialBackoffMilliseconds": 1, "maxBackoffMilliseconds": 1 }
        }
        """);

    private Task<CliResult> ChatAsync(params string[] args) =>
        CliRunner.RunAsync([new Providers.Host.Cli.ChatCommand(() => new StringReader(""), outputIsTerminal: false)], ["chat", "--config", _folder.ConfigPath, .. args]);

    [Fact]
    public async Task ProvidersJson_ThreeInstances_EachWithItsOwnEndpointModelsAndLabel()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("1"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two);

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        var listed = JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["AllenAI", "One", "Two"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ai2.MessageStreamEndpoint.ToString(), listed["AllenAI"].GetProperty("api_endpoint").GetString());
        foreach (var (name, server, models, label) in new[] { ("One", one, new[] { "one-model", "shared" }, "First"), ("Two", two, ["two-model", "shared"], "OpenAI-compatible") })
        {
            var entry = listed[name];
            Assert.Equal(server.BaseUrl, entry.GetProperty("url").GetString());
            Assert.Equal(server.BaseUrl + "/chat/completions", entry.GetProperty("api_endpoint").GetString());
            Assert.Equal(label, entry.GetProperty("label").GetString());
            Assert.False(entry.GetProperty("needs_auth").GetBoolean());
            Assert.Equal(models, entry.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal("Active", entry.GetProperty("status").GetString());
        }

        Assert.Empty(one.ChatRequests);
        Assert.Empty(two.ChatRequests);
    }

    [Fact]
    public async Task ModelsJson_ThreeInstances_EachModelUnderItsProvider()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("1"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two);

        var result = await CliRunner.RunAsync("models", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        var rows = JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()
            .Select(m => (m.GetProperty("provider").GetString(), m.GetProperty("id").GetString())).ToList();
        Assert.Contains(("One", "one-model"), rows);
        Assert.Contains(("One", "shared"), rows);
        Assert.Contains(("Two", "two-model"), rows);
        Assert.Contains(("Two", "shared"), rows);
        Assert.Contains(("AllenAI", "tulu3-405b"), rows);
        Assert.DoesNotContain(("One", "two-model"), rows);
        Assert.DoesNotContain(("Two", "one-model"), rows);
    }

    [Fact]
    public async Task Serve_ModelsAndProviders_ListAllThreeInstances()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("1"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two);
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), TextWriter.Null);

        var models = await RunningServer.ReadJsonAsync(await server.Http.GetAsync(new Uri("/v1/models", UriKind.Relative)));
        var providers = await RunningServer.ReadJsonAsync(await server.Http.GetAsync(new Uri("/v1/providers", UriKind.Relative)));

        var ids = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("one-model", ids);
        Assert.Contains("two-model", ids);
        Assert.Contains("shared", ids);
        Assert.Contains("tulu3-405b", ids);
        var listed = providers.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(["AllenAI", "One", "Two"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(one.BaseUrl + "/chat/completions", listed["One"].GetProperty("api_endpoint").GetString());
        Assert.Equal(two.BaseUrl + "/chat/completions", listed["Two"].GetProperty("api_endpoint").GetString());
        Assert.Equal(ai2.MessageStreamEndpoint.ToString(), listed["AllenAI"].GetProperty("api_endpoint").GetString());
        Assert.All(listed.Values, p => Assert.Equal("Active", p.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("one-model", "one-model", 1, 0)]
    [InlineData("two-model", "two-model", 0, 1)]
    [InlineData("Two/shared", "shared", 0, 1)]
    [InlineData("One/shared", "shared", 1, 0)]
    [InlineData("Two/t", "two-model", 0, 1)]
    public async Task Chat_ModelOrPinnedInstance_ReachesThatInstanceWithTheRealId(string model, string sent, int toOne, int toTwo)
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("from ", "one"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("from ", "two"));
        Configure(ai2.MessageStreamEndpoint, one, two);

        var result = await ChatAsync("-m", model, "hi");

        Assert.Equal((0, toOne == 1 ? "from one" : "from two", ""), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal((toOne, toTwo), (one.ChatRequests.Count, two.ChatRequests.Count));
        var request = Assert.Single(toOne == 1 ? one.ChatRequests : two.ChatRequests);
        Assert.Equal(sent, FakeOpenAIServer.Body(request).GetProperty("model").GetString());
        Assert.Empty(ai2.Requests);
    }

    [Fact]
    public async Task Chat_AliasWhoseAllenAITargetFailsBeforeOutput_ServedByTheOpenAICompatibleInstance()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(503, "down", "text/plain"));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("Hé, ", "  ", "ok 👋"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two, aliases: """{ "smart": ["AllenAI/tulu3-405b", "One/one-model"] }""");

        var result = await ChatAsync("-m", "smart", "hi");

        Assert.Equal((0, "Hé,   ok 👋", ""), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Single(ai2.Requests);
        Assert.Equal("one-model", FakeOpenAIServer.Body(Assert.Single(one.ChatRequests)).GetProperty("model").GetString());
        Assert.Empty(two.ChatRequests);
    }

    [Fact]
    public async Task Chat_AliasWhoseOpenAICompatibleTargetFailsBeforeOutput_ServedByAllenAI()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var one = FakeOpenAIServer.Failing(500, "boom");
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two, aliases: """{ "smart": ["One/one-model", "AllenAI/tulu3-405b"] }""");

        var result = await ChatAsync("-m", "smart", "hi");

        Assert.Equal((0, fixture.Text, ""), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Single(one.ChatRequests);
        Assert.Equal("tulu3-405b", Assert.Single(ai2.Requests).Single("model"));
    }

    [Fact]
    public async Task Chat_OpenAICompatibleTargetResetAfterText_PartialTextExitOneAndNoFailover()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        await using var one = FakeOpenAIServer.Start(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.UTF8.GetBytes(Sse.Role() + Sse.Content("partial ") + Sse.Content("text")));
            exchange.Reset();
        }, "one-model");
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two, aliases: """{ "smart": ["One/one-model", "AllenAI/tulu3-405b"] }""", maxRetries: 2);

        var result = await ChatAsync("-m", "smart", "hi");

        Assert.Equal((1, "partial text"), (result.ExitCode, result.StdOut));
        Assert.Single(result.StdErrLines);
        Assert.StartsWith("host: ", result.StdErr, StringComparison.Ordinal);
        Assert.Single(one.ChatRequests);
        Assert.Empty(ai2.Requests);
    }

    [Fact]
    public async Task Serve_AllenAIFailsAfterText_ErrorEventAfterThePartialTextAndOpenAICompatibleNeverCalled()
    {
        var fixture = FixtureFile.Named("era-a-midstream-error.jsonl");
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("1"));
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("2"));
        Configure(ai2.MessageStreamEndpoint, one, two, aliases: """{ "smart": ["AllenAI/tulu3-405b", "One/one-model"] }""", maxRetries: 2);
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), TextWriter.Null);

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("smart", stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("data: [DONE]", events);
        var payloads = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.Equal(fixture.Text, string.Concat(payloads[..^1].Select(p => p.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())));
        Assert.Equal("upstream_error", payloads[^1].GetProperty("error").GetProperty("type").GetString());
        Assert.Single(ai2.Requests);
        Assert.Empty(one.ChatRequests);
    }
}
