using System.Text.RegularExpressions;
using Providers.AllenAI.Tests.Fakes;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.MultiProvider;

/// <summary>
/// The plugins.json of the README's "The OpenAICompatible provider" section, taken from the README
/// itself with only the server addresses pointed at fakes on 127.0.0.1, and its documented commands.
/// </summary>
public sealed partial class ReadmeOllamaExampleTests : IDisposable
{
    private const string Key = "sk-readme-0123456789";

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().AddAllenAI().Add(ThreeInstancesTests.OpenAIPluginDirectory);

    public void Dispose() => _folder.Dispose();

    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.GetFullPath(Path.Combine(TestPaths.HostOutputDirectory, "..", "..", "..", "..", "..", "README.md")));
        var section = readme[readme.IndexOf("## The OpenAICompatible provider", StringComparison.Ordinal)..];
        return JsonBlock().Match(section).Groups[1].Value;
    }

    private async Task<CliResult> RunAsync(FakeOpenAIServer ollama, FakeOpenAIServer hosted, Uri ai2, params string[] args)
    {
        var json = ReadmeExample();
        Assert.Contains("http://127.0.0.1:11434/v1", json, StringComparison.Ordinal);
        Assert.Contains("https://api.example.com/v1", json, StringComparison.Ordinal);
        _folder.WriteConfig(json
            .Replace("http://127.0.0.1:11434/v1", ollama.BaseUrl, StringComparison.Ordinal)
            .Replace("https://api.example.com/v1", hosted.BaseUrl, StringComparison.Ordinal));
        var environment = new Dictionary<string, string>
        {
            ["HOSTED_API_KEY"] = Key,
            // Ai2 is the one server the README does not name an address for.
            ["PROVIDERS_providers__AllenAI__apiEndpoint"] = ai2.ToString(),
        };
        return await CliRunner.RunProcessAsync(environment, [.. args, "--config", _folder.ConfigPath]);
    }

    [Fact]
    public async Task ChatSmart_OllamaUp_AnsweredByOllamaWithItsRealModelId()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        await using var ollama = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("Rayleigh", " scattering."));
        await using var hosted = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("hosted"), "big-model");

        var result = await RunAsync(ollama, hosted, ai2.MessageStreamEndpoint, "chat", "-m", "smart", "Why is the sky blue?");

        Assert.Equal((0, "Rayleigh scattering.", ""), (result.ExitCode, result.StdOut, result.StdErr));
        var request = Assert.Single(ollama.ChatRequests);
        Assert.Equal("llama3.2", FakeOpenAIServer.Body(request).GetProperty("model").GetString());
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Empty(ai2.Requests);
        Assert.Empty(hosted.ChatRequests);
    }

    [Fact]
    public async Task ChatSmart_OllamaDown_FallsBackToAi2()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var ollama = FakeOpenAIServer.Failing(500, "model not loaded");
        await using var hosted = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("hosted"), "big-model");

        var result = await RunAsync(ollama, hosted, ai2.MessageStreamEndpoint, "chat", "-m", "smart", "Why is the sky blue?");

        Assert.Equal((0, fixture.Text), (result.ExitCode, result.StdOut));
        Assert.Equal("tulu3-405b", Assert.Single(ai2.Requests).Single("model"));
        Assert.NotEmpty(ollama.ChatRequests);
    }

    [Fact]
    public async Task ChatPinnedLocalAlias_ResolvedToLlama32OnTheLocalInstance()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var ollama = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("Hi!"));
        await using var hosted = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("hosted"), "big-model");

        var result = await RunAsync(ollama, hosted, ai2.MessageStreamEndpoint, "chat", "-m", "Local/llama", "Hi");

        Assert.Equal((0, "Hi!", ""), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal("llama3.2", FakeOpenAIServer.Body(Assert.Single(ollama.ChatRequests)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task ChatHostedDiscoveredModel_BearerFromTheEnvironmentAndTheKeyInNoOutput()
    {
        await using var ai2 = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var ollama = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("local"));
        await using var hosted = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("big answer"), "big-model");

        var result = await RunAsync(ollama, hosted, ai2.MessageStreamEndpoint, "chat", "-v", "-m", "Hosted/big-model", "Hi");
        var listing = await RunAsync(ollama, hosted, ai2.MessageStreamEndpoint, "providers", "--json");

        Assert.Equal((0, "big answer"), (result.ExitCode, result.StdOut));
        Assert.Equal($"Bearer {Key}", Assert.Single(hosted.ChatRequests).Headers["Authorization"]);
        Assert.Equal(0, listing.ExitCode);
        Assert.Contains("\"name\": \"Hosted\"", listing.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.StdOut + result.StdErr + listing.StdOut + listing.StdErr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
