using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.OpenAICompatible.Tests.Fakes;
using static Providers.OpenAICompatible.Tests.Fakes.ProviderHarness;

namespace Providers.OpenAICompatible.Tests;

public sealed class RequestTests
{
    private static RawHttpServer Replying() => new(async exchange =>
    {
        await exchange.SendHeadAsync();
        await exchange.SendAsync(Sse.Bytes(Sse.Content("ok"), Sse.Finish("stop"), Sse.Done));
        await exchange.EndAsync();
    });

    private static ChatRequest History(string model) => new()
    {
        Model = model,
        Messages =
        [
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User, "Hi"),
            new ChatMessage(ChatRole.Assistant, "Hello!"),
            new ChatMessage(ChatRole.User, "Again"),
        ],
    };

    [Fact]
    public async Task Sends_real_roles_the_real_model_id_and_no_sampling_or_key_when_none_given()
    {
        await using var server = Replying();
        using var services = Services(Section(server.BaseUrl));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), History("llama"));

        Assert.Null(failure);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Target);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(
            """{"model":"llama3.2","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Again"}],"stream":true,"stream_options":{"include_usage":true}}""",
            System.Text.Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task Sends_sampling_fields_when_given_and_the_key_as_a_bearer_token()
    {
        var variable = "OAIC_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-test-secret-123");
        try
        {
            await using var server = Replying();
            using var services = Services(Section(server.BaseUrl, ("apiKeyEnv", variable)));
            var request = Ask("Hi", "qwen2.5:7b") with { Temperature = 0.25, TopP = 0.9, MaxTokens = 64, Stop = ["\n\n", "END"] };

            var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), request);

            Assert.Null(failure);
            var received = Assert.Single(server.Requests);
            Assert.Equal("Bearer sk-test-secret-123", received.Headers["Authorization"]);
            using var body = JsonDocument.Parse(received.Body);
            var root = body.RootElement;
            Assert.Equal("qwen2.5:7b", root.GetProperty("model").GetString());
            Assert.Equal(0.25, root.GetProperty("temperature").GetDouble());
            Assert.Equal(0.9, root.GetProperty("top_p").GetDouble());
            Assert.Equal(64, root.GetProperty("max_tokens").GetInt32());
            Assert.Equal(["\n\n", "END"], root.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task The_key_never_appears_in_an_error_even_when_the_upstream_echoes_it()
    {
        var variable = "OAIC_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-echoed-secret-456");
        try
        {
            await using var server = new RawHttpServer(async exchange =>
            {
                await exchange.SendHeadAsync(401, "application/json", chunked: false);
                await exchange.SendAsync("""{"error":{"message":"Incorrect API key provided: sk-echoed-secret-456."}}"""u8.ToArray());
                await exchange.EndAsync();
            });
            using var services = Services(Section(server.BaseUrl, ("apiKeyEnv", variable)));

            var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("Hi"));

            var error = Assert.IsType<MissingAuthException>(failure);
            Assert.Equal("Local answered HTTP 401: Incorrect API key provided: ***. (check the key in apiKeyEnv)", error.Message);
            Assert.DoesNotContain("sk-echoed-secret-456", error.ServerMessage, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_missing_key_variable_fails_before_sending_and_names_the_variable()
    {
        var variable = "OAIC_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        await using var server = Replying();
        using var services = Services(Section(server.BaseUrl, ("apiKeyEnv", variable)));

        var (items, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("Hi"));

        Assert.Empty(items);
        var error = Assert.IsType<InvalidChatRequestException>(failure);
        Assert.Equal("apiKeyEnv", error.Parameter);
        Assert.Equal($"Local: the environment variable {variable} (apiKeyEnv) is empty or not set; set it to the API key.", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Without_system_message_support_the_system_text_leads_the_first_user_message()
    {
        await using var server = Replying();
        using var services = Services(Section(server.BaseUrl, ("supportsSystemMessage", "false")));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), History("llama3.2"));

        Assert.Null(failure);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var messages = body.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("user", "Be brief.\n\nHi"), ("assistant", "Hello!"), ("user", "Again")], messages);
    }

    [Fact]
    public async Task An_unknown_model_is_a_usage_error_and_nothing_is_sent()
    {
        await using var server = Replying();
        using var services = Services(Section(server.BaseUrl));

        var (_, failure) = await CollectAsync(services.GetRequiredService<IAsyncGeneratorProvider>(), Ask("Hi", "gpt-9"));

        Assert.IsType<ModelNotFoundException>(failure);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Two_instances_each_talk_to_their_own_server_with_their_own_models()
    {
        await using var first = Replying();
        await using var second = Replying();
        using var firstServices = Services(Section(first.BaseUrl));
        using var secondServices = Services(new Dictionary<string, string?>
        {
            ["type"] = OpenAICompatibleProviderType.TypeName,
            ["baseUrl"] = second.BaseUrl.ToString(),
            ["models:0"] = "big-model",
        });

        var (_, firstFailure) = await CollectAsync(firstServices.GetRequiredService<IAsyncGeneratorProvider>(), Ask("one"));
        var (_, secondFailure) = await CollectAsync(secondServices.GetRequiredService<IAsyncGeneratorProvider>(), Ask("two"));

        Assert.Null(firstFailure);
        Assert.Null(secondFailure);
        using var firstBody = JsonDocument.Parse(Assert.Single(first.Requests).Body);
        using var secondBody = JsonDocument.Parse(Assert.Single(second.Requests).Body);
        Assert.Equal("llama3.2", firstBody.RootElement.GetProperty("model").GetString());
        Assert.Equal("big-model", secondBody.RootElement.GetProperty("model").GetString());
    }
}
