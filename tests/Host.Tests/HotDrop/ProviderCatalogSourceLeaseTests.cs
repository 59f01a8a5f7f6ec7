using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.HotDrop;

/// <summary>Leases keep a replaced catalog alive exactly as long as a request holds it.</summary>
public sealed class ProviderCatalogSourceLeaseTests
{
    [Fact]
    public async Task Replace_WhileLeased_RetiredOnlyWhenTheLastLeaseEnds()
    {
        var (first, second) = (FakeCatalog.Of(FakeProvider.Create("First", ["a"])), FakeCatalog.Of(FakeProvider.Create("Second", ["a"])));
        var source = new ProviderCatalogSource(first);
        var one = source.Acquire();
        var two = source.Acquire();

        var retired = source.Replace(second);
        using var later = source.Acquire();
        one.Dispose();
        one.Dispose();
        var afterOne = retired.IsCompleted;
        two.Dispose();
        await retired;

        Assert.Same(first, one.Catalog);
        Assert.Same(second, later.Catalog);
        Assert.Same(second, source.Current);
        Assert.False(afterOne, "retired while a lease was still held (or a double dispose released twice)");
    }

    [Fact]
    public void Replace_NoLease_RetiredAtOnce()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(FakeProvider.Create("First", ["a"])));

        Assert.True(source.Replace(FakeCatalog.Of(FakeProvider.Create("Second", ["a"]))).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcquireAndReplace_Racing_EveryLeaseOnACatalogNotYetRetired()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(FakeProvider.Create("P0", ["a"])));
        var retired = new System.Collections.Concurrent.ConcurrentDictionary<object, Task>();
        var violations = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var lease = source.Acquire();
                if (retired.TryGetValue(lease.Catalog, out var done) && done.IsCompleted)
                {
                    Interlocked.Increment(ref violations);
                }
            }
        })).ToList();

        for (var i = 1; i <= 2000; i++)
        {
            var previous = source.Current;
            retired[previous] = source.Replace(FakeCatalog.Of(FakeProvider.Create($"P{i}", ["a"])));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        await Task.WhenAll(retired.Values);
        Assert.Equal(0, violations);
    }
}
