using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
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
        var stack = harness.Services.GetRequiredService<LazyHttpStack>();

        Assert.Equal("tulu3-405b", harness.Provider.Metadata.DefaultModel);
        Assert.False(stack.IsBuilt);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal("A", reply.Text);
        Assert.True(stack.IsBuilt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Stack_IsRegisteredOnceAtTheFirstClient_AndNotAtAllWhenNoneIsAsked()
    {
        var registrations = 0;
        using (var unused = new LazyHttpStack(null, services => registrations++))
        {
            Assert.False(unused.IsBuilt);
        }

        using var stack = new LazyHttpStack(null, services =>
        {
            registrations++;
            services.AddHttpClient("named", client => client.BaseAddress = new Uri("http://127.0.0.1:1/base/"));
        });

        Assert.Equal(0, registrations);
        using var first = stack.Factory.Value.CreateClient("named");
        using var second = stack.Factory.Value.CreateClient("named");

        Assert.Equal(1, registrations);
        Assert.Equal(new Uri("http://127.0.0.1:1/base/"), first.BaseAddress);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Dispose_DisposesTheBuiltStacksServices()
    {
        var filter = new DisposableFilter();
        var stack = new LazyHttpStack(null, services => services.AddHttpClient("named").Services.AddSingleton<IHttpMessageHandlerBuilderFilter>(_ => filter));
        using (stack.Factory.Value.CreateClient("named"))
        {
        }

        Assert.False(filter.Disposed);
        stack.Dispose();

        Assert.True(filter.Disposed);
    }

    [Fact]
    public async Task Stack_LogsThroughTheInstancesLoggerFactory()
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, Encoding.UTF8.GetBytes(string.Concat(_reply))));
        var loggers = new ConcurrentDictionary<string, ListLogger>();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new LoggerPerCategory(loggers)));
        using var stack = new LazyHttpStack(loggerFactory, services => services.AddHttpClient(AllenAIProvider.HttpClientName));

        using var client = stack.Factory.Value.CreateClient(AllenAIProvider.HttpClientName);
        using var response = await client.GetAsync(server.BaseUri);

        var handlerLog = loggers[$"System.Net.Http.HttpClient.{AllenAIProvider.HttpClientName}.ClientHandler"];
        Assert.Contains(handlerLog.Entries, entry => entry.Message == $"Sending HTTP request GET {server.BaseUri}");
    }

    /// <summary>A filter that changes nothing and says whether its container disposed it.</summary>
    private sealed class DisposableFilter : IHttpMessageHandlerBuilderFilter, IDisposable
    {
        public bool Disposed { get; private set; }

        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => next;

        public void Dispose() => Disposed = true;
    }

    private sealed class LoggerPerCategory(ConcurrentDictionary<string, ListLogger> loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, _ => new ListLogger());

        public void Dispose()
        {
        }
    }
}
