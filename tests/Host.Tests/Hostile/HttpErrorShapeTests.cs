using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Providers.Host.Server;
using Providers.Host.Tests.Fakes;
using Providers.Host.Tests.Server;

namespace Providers.Host.Tests.Hostile;

/// <summary>Errors the app sees but does not write itself still get the OpenAI shape and a quiet log.</summary>
public sealed class HttpErrorShapeTests
{
    [Theory]
    [InlineData("GET", "v1/chat/completions", "POST")]
    [InlineData("PUT", "v1/chat/completions", "POST")]
    [InlineData("DELETE", "v1/models", "GET")]
    [InlineData("POST", "v1/providers/Fake", "GET")]
    public async Task WrongMethod_OnAKnownRoute_Returns405WithAllowAndOpenAIShape(string method, string path, string allowed)
    {
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])));

        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "invalid_request_error", "method_not_allowed",
            $"{method} is not allowed on /{path}; allowed: {allowed}.");
    }

    [Fact]
    public async Task UnknownRoute_Returns404InOpenAIShape()
    {
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])));

        using var response = await server.Http.GetAsync("favicon.ico");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "invalid_request_error", "not_found",
            "Unknown route: GET /favicon.ico.");
    }

    [Fact]
    public async Task HeadHealth_Returns200WithoutBody()
    {
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])));

        using var response = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task MalformedChunkedBody_Returns400InOpenAIShape_AndIsNotLoggedAsAnError()
    {
        using var logs = new ListLoggerFactory();
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])), loggerFactory: logs);

        var reply = await SendRawAsync(server.BaseAddress,
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", reply, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(reply[(reply.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Split("\r\n")[1]);
        Assert.Equal("bad_request", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task BodyTooSlow_Answers408InOpenAIShape_LoggedAtDebug()
    {
        var logger = new ListLogger<BadRequestAnswers>();
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await new BadRequestAnswers(logger).InvokeAsync(context,
            _ => throw new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408));

        Assert.Equal(408, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("request_timeout", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(LogLevel.Debug, Assert.Single(logger.Entries).Level);
    }

    // Kestrel answers with chunked encoding here; the reply is read until the server closes or the terminating chunk.
    private static async Task<string> SendRawAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while (!received.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)
            && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
