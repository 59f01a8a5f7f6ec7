using BenchmarkDotNet.Attributes;
using Providers.AllenAI;

namespace Providers.Bench;

/// <summary>
/// The provider alone (<c>CreateAsyncGenerator</c> consumed to the end) against a raw HttpClient
/// read of the same bytes, both from the fake Ai2 server over loopback (100k-chunk Era A stream).
/// </summary>
[MemoryDiagnoser]
public class ProviderBenchmarks : IDisposable
{
    private FakeAi2Server? _server;
    private Upstream? _upstream;
    private AllenAIProvider? _provider;

    [Params(100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = FakeAi2Server.StartAsync(EraAStream.Create(Chunks), Pacing.Fast).GetAwaiter().GetResult();
        _upstream = new Upstream(_server.Endpoint);
        _provider = _upstream.CreateProvider();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _upstream?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream = null;
        _server = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<long> RawHttpClientRead() => _upstream!.RawReadAsync();

    [Benchmark]
    public async Task<int> Provider() => (await Upstream.ConsumeAsync(_provider!, text: null).ConfigureAwait(false)).Deltas;
}
