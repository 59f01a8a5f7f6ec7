namespace Providers.Host.Tests.Fakes;

/// <summary>Waits for a condition another thread brings about, with a generous deadline instead of a sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test naming <paramref name="what"/> after 30 s.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>As <see cref="UntilAsync(Func{bool}, string)"/> for a condition that has to ask (an HTTP request, say).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + _deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {_deadline.TotalSeconds} s: {what}");
            // The polling step; the 30 s deadline above is what bounds the wait.
            await Task.Delay(10);
        }
    }
}
