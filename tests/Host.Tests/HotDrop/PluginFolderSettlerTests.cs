using Microsoft.Extensions.Time.Testing;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.HotDrop;

/// <summary>The debounce of plugin folders, on a fake clock: nothing here waits.</summary>
public sealed class PluginFolderSettlerTests
{
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NewFolder_DueOnlyOnceUnchangedForTheSettleInterval()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string>());

        var first = settler.Observe(Folders(("Hot", "a")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var almost = settler.Observe(Folders(("Hot", "a")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var settled = settler.Observe(Folders(("Hot", "a")), _time.GetUtcNow());

        Assert.False(first.Any);
        Assert.Equal(_time.GetUtcNow(), first.NextDue);
        Assert.Empty(almost.Settled);
        Assert.Equal(["Hot"], settled.Settled);
        Assert.Null(settled.NextDue);
    }

    [Fact]
    public void FolderStillBeingCopied_EachChangeRestartsTheInterval()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string>());

        settler.Observe(Folders(("Hot", "1 file")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(800));
        var grown = settler.Observe(Folders(("Hot", "2 files")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(800));
        var notYet = settler.Observe(Folders(("Hot", "2 files")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var settled = settler.Observe(Folders(("Hot", "2 files")), _time.GetUtcNow());

        Assert.Equal(_time.GetUtcNow(), grown.NextDue);
        Assert.Empty(notYet.Settled);
        Assert.Equal(["Hot"], settled.Settled);
    }

    [Fact]
    public void AppliedFolder_NotDueAgainUntilItChanges_ThenDueAfterSettling()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string> { ["Hot"] = "v1" });

        var unchanged = settler.Observe(Folders(("Hot", "v1")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(10));
        var stillUnchanged = settler.Observe(Folders(("Hot", "v1")), _time.GetUtcNow());
        var changed = settler.Observe(Folders(("Hot", "v2")), _time.GetUtcNow());
        _time.Advance(_settle);
        var due = settler.Observe(Folders(("Hot", "v2")), _time.GetUtcNow());
        settler.Applied("Hot", "v2");
        _time.Advance(_settle);
        var appliedNow = settler.Observe(Folders(("Hot", "v2")), _time.GetUtcNow());

        Assert.False(unchanged.Any || stillUnchanged.Any || changed.Any);
        Assert.Equal(["Hot"], due.Settled);
        Assert.False(appliedNow.Any);
    }

    [Fact]
    public void FailedFolderApplied_NotRetriedInALoop_RetriedOnceItChangesAndSettles()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string>());
        settler.Observe(Folders(("Broken", "garbage")), _time.GetUtcNow());
        _time.Advance(_settle);
        Assert.Equal(["Broken"], settler.Observe(Folders(("Broken", "garbage")), _time.GetUtcNow()).Settled);
        settler.Applied("Broken", "garbage");

        _time.Advance(TimeSpan.FromMinutes(5));
        var idle = settler.Observe(Folders(("Broken", "garbage")), _time.GetUtcNow());
        settler.Observe(Folders(("Broken", "fixed")), _time.GetUtcNow());
        _time.Advance(_settle);
        var retried = settler.Observe(Folders(("Broken", "fixed")), _time.GetUtcNow());

        Assert.False(idle.Any);
        Assert.Equal(["Broken"], retried.Settled);
    }

    [Fact]
    public void AppliedFolderGone_RemovedAtOnce_NotWaitingToSettle()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string> { ["Hot"] = "v1", ["Other"] = "x" });

        var changes = settler.Observe(Folders(("Other", "x")), _time.GetUtcNow());
        settler.Applied("Hot", null);
        var later = settler.Observe(Folders(("Other", "x")), _time.GetUtcNow());

        Assert.Equal(["Hot"], changes.Removed);
        Assert.Empty(changes.Settled);
        Assert.False(later.Any);
    }

    [Fact]
    public void FolderAddedAndGoneBeforeSettling_NeverDueNorRemoved()
    {
        var settler = new PluginFolderSettler(_settle, new Dictionary<string, string>());

        settler.Observe(Folders(("Hot", "v1")), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var gone = settler.Observe(Folders(), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var back = settler.Observe(Folders(("Hot", "v1")), _time.GetUtcNow());

        Assert.False(gone.Any);
        Assert.Null(gone.NextDue);
        // Back again: its interval starts over, not from the first sighting.
        Assert.Equal(_time.GetUtcNow() + _settle, back.NextDue);
    }

    private static Dictionary<string, string> Folders(params (string Name, string Fingerprint)[] folders) =>
        folders.ToDictionary(f => f.Name, f => f.Fingerprint, StringComparer.Ordinal);
}
