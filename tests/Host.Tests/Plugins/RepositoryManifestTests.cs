using System.Diagnostics;
using System.Text.Json;
using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

/// <summary>Every plugin this repository builds carries a plugin.json that this host reads as its own: right abi, right entry.</summary>
public sealed class RepositoryManifestTests
{
    /// <summary>Each plugin project's folder in the host's build output, then the sample's published folder.</summary>
    private static IReadOnlyList<string> Folders { get; } =
    [
        .. Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "plugins"), "*.csproj", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(project => Path.Combine(TestPaths.HostOutputDirectory, "plugins", Path.GetFileNameWithoutExtension(project))),
        TestPaths.TestPlugin("HelloPlugin"),
    ];

    public static TheoryData<string> BuiltPluginFolders() => new(Folders);

    [Fact]
    public void BuiltPluginFolders_CoverEveryPluginProjectAndTheSample()
    {
        // A glob that matched nothing would make the theory below vacuous.
        Assert.Equal(
            [Path.Combine(TestPaths.HostOutputDirectory, "plugins", "AllenAI"), Path.Combine(TestPaths.HostOutputDirectory, "plugins", "OpenAICompatible"), TestPaths.TestPlugin("HelloPlugin")],
            Folders);
    }

    [Theory]
    [MemberData(nameof(BuiltPluginFolders))]
    public void BuildOutput_Plugin_HasAManifestWithThisAbiNamingItsPublishedEntry(string folder)
    {
        var manifestPath = Path.Combine(folder, PluginManifest.FileName);
        Assert.True(File.Exists(manifestPath), $"{manifestPath} is missing");
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var root = manifest.RootElement;
        var deps = Assert.Single(Directory.GetFiles(folder, "*.deps.json"));
        var entry = Path.GetFileName(deps)[..^".deps.json".Length] + ".dll";

        Assert.Equal(PluginManifest.Keys, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ProviderAbi.Version, root.GetProperty("abi").GetInt32());
        Assert.Equal(entry, root.GetProperty("entry").GetString());
        // The manifest's version is the assembly's: neither can be bumped without the other.
        var informational = FileVersionInfo.GetVersionInfo(Path.Combine(folder, entry)).ProductVersion!.Split('+')[0];
        Assert.Equal(informational, root.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("description").GetString()));
        var candidate = PluginManifestReader.Read(Path.GetFileName(folder), folder);
        Assert.Equal((Path.Combine(folder, entry), null), (candidate.AssemblyPath, candidate.Error));
    }
}
