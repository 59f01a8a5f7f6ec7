using Microsoft.Extensions.Time.Testing;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class IdleTimeoutTests
{
    [Fact]
    public void Start_SilenceReachesTheLimit_CancelsAndReportsExpiry()
    {
        var clock = new FakeTimeProvider();
        using var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(120), CancellationToken.None);

        idle.Start();
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.False(idle.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(idle.Token.IsCancellationRequested);
        Assert.True(idle.HasExpired);
    }

    [Fact]
    public void Stop_BeforeTheLimit_KeepsTheRequestAliveAcrossManyReads()
    {
        var clock = new FakeTimeProvider();
        using var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(10), CancellationToken.None);

        for (var read = 0; read < 100; read++)
        {
            idle.Start();
            clock.Advance(TimeSpan.FromSeconds(9));
            idle.Stop();
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(idle.Token.IsCancellationRequested);
    }

    [Fact]
    public void Token_CallerCancels_CancelledWithoutExpiry()
    {
        using var caller = new CancellationTokenSource();
        using var idle = new IdleTimeout(new FakeTimeProvider(), TimeSpan.FromSeconds(10), caller.Token);

        caller.Cancel();

        Assert.True(idle.Token.IsCancellationRequested);
        Assert.False(idle.HasExpired);
    }
}
