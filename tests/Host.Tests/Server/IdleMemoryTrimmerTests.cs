using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Providers.Host.Server;

namespace Providers.Host.Tests.Server;

public sealed class IdleMemoryTrimmerTests
{
    private const long _mebibyte = 1024 * 1024;

    private readonly FakeTimeProvider _time = new();
    private long _allocated;
    private int _collections;

    [Fact]
    public async Task TrimIfIdle_FiveIdleSecondsAfterABurst_CollectsOnce()
    {
        var trimmer = Create();
        _allocated = 200 * _mebibyte;
        await trimmer.InvokeAsync(new DefaultHttpContext(), _ => Task.CompletedTask);

        _time.Advance(IdleMemoryTrimmer.IdleDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(trimmer.TrimIfIdle());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(trimmer.TrimIfIdle());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(trimmer.TrimIfIdle());

        Assert.Equal(1, _collections);
    }

    [Fact]
    public async Task TrimIfIdle_WhileARequestRuns_WaitsUntilFiveSecondsAfterItEnds()
    {
        var trimmer = Create();
        _allocated = 200 * _mebibyte;
        var release = new TaskCompletionSource();
        var running = trimmer.InvokeAsync(new DefaultHttpContext(), _ => release.Task);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(trimmer.TrimIfIdle());
        release.SetResult();
        await running;
        Assert.False(trimmer.TrimIfIdle());
        _time.Advance(IdleMemoryTrimmer.IdleDelay);
        Assert.True(trimmer.TrimIfIdle());

        Assert.Equal(1, _collections);
    }

    [Fact]
    public async Task TrimIfIdle_LightTraffic_NeverCollects()
    {
        var trimmer = Create();
        _allocated = IdleMemoryTrimmer.BurstBytes - 1;
        await trimmer.InvokeAsync(new DefaultHttpContext(), _ => Task.CompletedTask);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(trimmer.TrimIfIdle());
        Assert.Equal(0, _collections);
    }

    private IdleMemoryTrimmer Create() => new(_time, NullLogger<IdleMemoryTrimmer>.Instance, () => _allocated, () => _collections++);
}
