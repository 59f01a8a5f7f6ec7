using System.Text;
using Providers.Host.Configuration;

namespace Providers.Host.Tests.Configuration;

/// <summary>Loading aliases costs work in proportion to their number, measured in bytes allocated, not in time.</summary>
/// <remarks>
/// Asking configuration for one key's children lists every key of the file; doing that once per
/// alias made 80k aliases take 23 s. Such a scan allocates on every call, so four times the aliases
/// allocating sixteen times the bytes gives it away, whatever the machine's speed.
/// </remarks>
public sealed class AliasLoadScalingTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_FourTimesTheAliases_AllocatesAboutFourTimesTheBytes()
    {
        _ = Allocated(100); // warm up: first-call costs must not count
        var small = Allocated(5_000);
        var large = Allocated(20_000);

        var ratio = (double)large / small;
        Assert.InRange(ratio, 3.0, 6.0);
    }

    private long Allocated(int aliasCount)
    {
        var json = new StringBuilder("""{ "pluginsPath": "plugins", "aliases": {""");
        for (var i = 0; i < aliasCount; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"alias-").Append(i).Append("\": \"Echo/echo-").Append(i).Append('"');
        }

        _folder.WriteConfig(json.Append("} }").ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(aliasCount, loaded.Aliases.Count);
        return allocated;
    }
}
