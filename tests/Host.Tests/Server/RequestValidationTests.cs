using System.ClientModel;
using System.Net;
using OpenAI.Chat;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class RequestValidationTests
{
    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"]);

    [Theory]
    [InlineData("""{"model":"fake-1","messages":[null]}""", "invalid_type", "messages[0]")]
    [InlineData("""{"model":"fake-1","stream":true,"messages":[{"role":"user","content":"hi"},null]}""", "invalid_type", "messages[1]")]
    [InlineData("""{"model":"fake-1","messages":[{"content":"hi"}]}""", "missing_required_parameter", "messages[0].role")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":[null]}]}""", "invalid_type", "messages[0].content[0]")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "missing_required_parameter", "messages[0].content[0].text")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":5}]}""", "invalid_type", "messages[0].content")]
    [InlineData("""{"model":"fake-1","messages":[]}""", "invalid_value", "messages")]
    [InlineData("""{"model":"fake-1","messages":{}}""", "invalid_type", "messages")]
    [InlineData("""{"model":"fake-1"}""", "missing_required_parameter", "messages")]
    [InlineData("""{"model":5,"messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "model")]
    [InlineData("""{"model":"fake-1","stream":"true","messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "stream")]
    [InlineData("""{"model":"fake-1","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "stream")]
    [InlineData("""{"model":"fake-1","temperature":"0.5","messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "temperature")]
    [InlineData("""{"model":"fake-1","temperature":3,"messages":[{"role":"user","content":"hi"}]}""", "invalid_value", "temperature")]
    [InlineData("""{"model":"fake-1","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "max_tokens")]
    [InlineData("""{"model":"fake-1","stop":[1],"messages":[{"role":"user","content":"hi"}]}""", "invalid_type", "stop[0]")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"robot","content":"hi"}]}""", "invalid_value", "messages[0].role")]
    [InlineData("""[1,2]""", "invalid_type", "body")]
    [InlineData("""{"model":"fake-1","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", "unsupported_parameter", "tools")]
    [InlineData("""{"model":"fake-1","tool_choice":"required","messages":[{"role":"user","content":"hi"}]}""", "unsupported_parameter", "tool_choice")]
    [InlineData("""{"model":"fake-1","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""", "unsupported_parameter", "response_format")]
    [InlineData("""{"model":"fake-1","n":2,"messages":[{"role":"user","content":"hi"}]}""", "unsupported_parameter", "n")]
    [InlineData("""{"model":"fake-1","logprobs":true,"messages":[{"role":"user","content":"hi"}]}""", "unsupported_parameter", "logprobs")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:,x"}}]}]}""", "unsupported_parameter", "messages[0].content[0]")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":[{"type":"input_audio"}]}]}""", "unsupported_parameter", "messages[0].content[0].type")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"tool","content":"42","tool_call_id":"c"}]}""", "unsupported_parameter", "messages[0].role")]
    public async Task MalformedOrUnsupportedBody_400NamingTheFieldAndNothingSent(string body, string code, string param)
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RunningServer.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal((code, param, "invalid_request_error"),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("type").GetString()));
        Assert.Contains($"'{param}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _provider.Calls);
    }

    [Fact]
    public async Task NotJson_400InvalidJson()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync("{\"model\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", (await RunningServer.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    // Valid JSON grammar, but no Unicode text: reading such a string threw deep in binding (500, empty body).
    [Theory]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":"a\uD800b"}]}""", 55)]
    [InlineData("""{"model":"fake-\uD83D","messages":[{"role":"user","content":"hi"}]}""", 9)]
    [InlineData("""{"model":"fake-1","messages":[{"role":"us\uDC00er","content":"hi"}]}""", 38)]
    [InlineData("""{"model":"fake-1","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"\uDE00\uD83D"}]}]}""", 92)]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":"hi"}],"stop":"\uD83D\\uDE00"}""", 69)]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":"hi"}],"x\uD800":1}""", 62)]
    public async Task UnpairedSurrogateEscape_400InvalidJsonNamingItsPosition(string body, int position)
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RunningServer.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        Assert.Equal($"The request body is not valid JSON: the string at byte {position} has an unpaired surrogate escape "
            + "(\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF, and only then).", error.GetProperty("message").GetString());
        Assert.Equal(0, _provider.Calls);
    }

    [Fact]
    public async Task PairedSurrogateEscapes_AreTheCharacterTheyName()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync("""{"model":"fake-1","messages":[{"role":"user","content":"\\uD800 \uD83D\uDC4B"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\\uD800 \U0001F44B", Assert.Single(Assert.Single(_provider.Requests).Messages).Content);
    }

    [Fact]
    public async Task ResponseFormatThroughTheSdk_400NamingResponseFormat()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => server.ChatClient("fake-1").CompleteChatAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() }));

        Assert.Equal(400, error.Status);
        Assert.Contains("'response_format'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _provider.Calls);
    }

    [Fact]
    public async Task ToolsThroughTheSdk_400NamingTools()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Looks something up") } };

        var error = await Assert.ThrowsAsync<ClientResultException>(() => server.ChatClient("fake-1").CompleteChatAsync([new UserChatMessage("hi")], options));

        Assert.Equal(400, error.Status);
        Assert.Contains("'tools'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _provider.Calls);
    }

    [Fact]
    public async Task ToolsWhenACandidateDeclaresThem_PassTheGate()
    {
        var capable = new FakeProvider(_provider.Metadata with { Name = "Capable", SupportsTools = true, SupportsResponseFormat = true });
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider, capable));

        using var response = await server.PostChatAsync(
            """{"model":"fake-1","tools":[{"type":"function","function":{"name":"f"}}],"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownFieldsAndHarmlessValues_AreIgnored()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(
            """{"model":"fake-1","user":"u","seed":3,"tool_choice":"none","n":1,"logprobs":false,"response_format":{"type":"text"},"future_field":{"a":[1]},"messages":[{"role":"user","content":"hi","name":"me"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await RunningServer.ReadJsonAsync(response)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }
}
