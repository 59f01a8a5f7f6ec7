using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>The HTTP stack of an instance is built by its first request, never by creating or listing it.</summary>
public sealed class HttpStackTests
{
    private static readonly string[] _reply = [WireLines.Start(), WireLines.Tree(false), WireLines.Typed("modelResponse", "A"), WireLines.Tree(true, "A"), WireLines.End()];

    [Fact]
    public async Task CreatingTheProviderAndReadingItsMetadata_BuildsNoHttpStack_ItsFirstRequestDoes()
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, Encoding.UTF8.GetBytes(string.Concat(_reply))));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        var factory = Assert.IsType<DeferredHttpClientFactory>(harness.Services.GetRequiredService<IHttpClientFactory>());

        Assert.Equal("tulu3-405b", harness.Provider.Metadata.DefaultModel);
        Assert.False(factory.IsBuilt);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal("A", reply.Text);
        Assert.True(factory.IsBuilt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Stack_IsRegisteredOnceAtTheFirstClient_AndNotAtAllWhenNoneIsAsked()
    {
        var registrations = 0;
        using (var unused = new DeferredHttpClientFactory(null, services => registrations++))
        {
            Assert.False(unused.IsBuilt);
        }

        using var factory = new DeferredHttpClientFactory(null, services =>
        {
            registrations++;
            services.AddHttpClient("named", client => client.BaseAddress = new Uri("http://127.0.0.1:1/base/"));
        });

        Assert.Equal(0, registrations);
        using var first = factory.CreateClient("named");
        using var second = factory.CreateClient("named");

        Assert.Equal(1, registrations);
        Assert.Equal(new Uri("http://127.0.0.1:1/base/"), first.BaseAddress);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Dispose_DisposesTheBuiltStack()
    {
        var factory = new DeferredHttpClientFactory(null, services => services.AddHttpClient("named"));
        using (factory.CreateClient("named"))
        {
        }

        factory.Dispose();

        Assert.Throws<ObjectDisposedException>(() => factory.CreateClient("named"));
    }

    [Fact]
    public async Task Stack_LogsThroughTheInstancesLoggerFactory()
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, Encoding.UTF8.GetBytes(string.Concat(_reply))));
        var loggers = new ConcurrentDictionary<string, ListLogger>();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new LoggerPerCategory(loggers)));
        using var factory = new DeferredHttpClientFactory(loggerFactory, services => services.AddHttpClient(AllenAIProvider.HttpClientName));

        using var client = factory.CreateClient(AllenAIProvider.HttpClientName);
        using var response = await client.GetAsync(server.BaseUri);

        var handlerLog = loggers[$"System.Net.Http.HttpClient.{AllenAIProvider.HttpClientName}.ClientHandler"];
        Assert.Contains(handlerLog.Entries, entry => entry.Message == $"Sending HTTP request GET {server.BaseUri}");
    }

    private sealed class LoggerPerCategory(ConcurrentDictionary<string, ListLogger> loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, _ => new ListLogger());

        public void Dispose()
        {
        }
    }
}
