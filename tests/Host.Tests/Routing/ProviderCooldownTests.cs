using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Routing;

public sealed class ProviderCooldownTests
{
    private readonly RecordingTimeProvider _time = new();

    [Fact]
    public void RecordFailure_ReachesThreshold_TripsForTheDurationAndReportsRecoveryOnce()
    {
        var cooldown = new ProviderCooldown(_time, failuresBeforeCooldown: 3, TimeSpan.FromSeconds(10));

        Assert.False(cooldown.RecordFailure("P", out _));
        Assert.False(cooldown.RecordFailure("P", out _));
        Assert.True(cooldown.RecordFailure("P", out var until));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), until);
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.True(cooldown.IsCooling("P", out _, out var early));
        Assert.False(early);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cooldown.IsCooling("P", out _, out var recovered));
        Assert.True(recovered);
        Assert.False(cooldown.IsCooling("P", out _, out var again));
        Assert.False(again);
    }

    [Fact]
    public void RecordFailure_AfterRecovery_NeedsTheFullCountAgain()
    {
        var cooldown = new ProviderCooldown(_time, failuresBeforeCooldown: 2, TimeSpan.FromSeconds(1));
        cooldown.RecordFailure("P", out _);
        cooldown.RecordFailure("P", out _);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(cooldown.RecordFailure("P", out _));
        Assert.False(cooldown.IsCooling("P", out _, out _));
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_RestartsTheCount()
    {
        var cooldown = new ProviderCooldown(_time, failuresBeforeCooldown: 2, TimeSpan.FromSeconds(1));

        cooldown.RecordFailure("P", out _);
        cooldown.RecordSuccess("P");

        Assert.False(cooldown.RecordFailure("P", out _));
        Assert.False(cooldown.IsCooling("Q", out _, out _));
    }
}
