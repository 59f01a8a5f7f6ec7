using System.Runtime.CompilerServices;
using System.Text;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StopAsync_StreamRunning_LetsItFinishWithinTheBound()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => TextWaitText(release.Task, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(provider), shutdownTimeout: TimeSpan.FromSeconds(20));
        using var reader = await OpenStreamAsync(server);
        await ReadUntilAsync(reader, "\"content\":\"before\"");

        var stopping = server.StopAsync();
        release.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("\"content\":\"after\"", rest, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_StreamOutlivesTheBound_IsCutAndTheProviderCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => FakeProvider.TextThenHang("before", cancelled, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(provider), shutdownTimeout: TimeSpan.FromMilliseconds(200));
        using var reader = await OpenStreamAsync(server);
        await ReadUntilAsync(reader, "\"content\":\"before\"");

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var rest = await ReadRestOfCutStreamAsync(reader);

        // Fails (times out) unless the provider saw its token cancelled.
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("[DONE]", rest, StringComparison.Ordinal);
    }

    private static async Task<StreamReader> OpenStreamAsync(RunningServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(ChatCompletionsTests.ChatJson("fake-1", stream: true), Encoding.UTF8, "application/json"),
        };
        var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new StreamReader(await response.Content.ReadAsStreamAsync());
    }

    private static async Task ReadUntilAsync(StreamReader reader, string marker)
    {
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"The stream ended before {marker}.");
    }

    /// <summary>What is left of a stream the server cut: whatever came before the end, or nothing if the connection was aborted.</summary>
    private static async Task<string> ReadRestOfCutStreamAsync(StreamReader reader)
    {
        try
        {
            return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    private static async IAsyncEnumerable<ResponseItem> TextWaitText(Task release, [EnumeratorCancellation] CancellationToken token)
    {
        yield return new TextDelta("before");
        await release.WaitAsync(token);
        yield return new TextDelta("after");
        yield return new FinishItem(FinishReason.Stop);
    }
}
