using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

public sealed class PluginDirectoryScannerTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Scan_FolderWithOneDepsJson_PicksTheAssemblyItNames()
    {
        var folder = Folder("Weather", "Providers.Weather.deps.json", "Providers.Weather.dll", "Newtonsoft.Json.dll");

        var candidate = Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory));

        Assert.Equal(new PluginCandidate("Weather", folder, Path.Combine(folder, "Providers.Weather.dll"), null), candidate);
    }

    [Fact]
    public void Scan_NoDepsJson_PicksTheAssemblyNamedAfterTheFolder()
    {
        var folder = Folder("Weather", "Weather.dll", "Helper.dll");

        var candidate = Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory));

        Assert.Equal(Path.Combine(folder, "Weather.dll"), candidate.AssemblyPath);
    }

    [Fact]
    public void Scan_SingleAssembly_PicksIt()
    {
        var folder = Folder("Weather", "Anything.dll", "readme.txt");

        Assert.Equal(Path.Combine(folder, "Anything.dll"), Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory)).AssemblyPath);
    }

    [Theory]
    [InlineData(new[] { "A.dll", "B.dll" }, "cannot tell the main assembly among 2 .dll files: ship one .deps.json or name it Weather.dll")]
    [InlineData(new[] { "readme.txt" }, "no .dll file in the plugin folder")]
    [InlineData(new[] { "Gone.deps.json" }, "Gone.deps.json names Gone.dll, which is missing")]
    public void Scan_NoMainAssembly_ReportsWhy(string[] files, string expected)
    {
        Folder("Weather", files);

        var candidate = Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory));

        Assert.Equal((null, expected), (candidate.AssemblyPath, candidate.Error));
    }

    [Fact]
    public void Scan_SeveralFoldersAndLooseFiles_OneCandidatePerFolderInOrdinalOrder()
    {
        Folder("b", "b.dll");
        Folder("B", "B.dll");
        Folder("a", "a.dll");
        File.WriteAllText(Path.Combine(_folder.PluginsDirectory, "Loose.dll"), "");

        Assert.Equal(["B", "a", "b"], PluginDirectoryScanner.Scan(_folder.PluginsDirectory).Select(c => c.FolderName));
    }

    [Fact]
    public void Scan_LinkToAPluginFolderElsewhere_LoadsItUnderTheLinksName()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder.Root, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "Weather.dll"), "");
        Directory.CreateSymbolicLink(Path.Combine(_folder.PluginsDirectory, "Weather"), elsewhere);
        var skipped = new List<string>();

        var candidate = Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory, skipped.Add));

        Assert.Equal(("Weather", Path.Combine(_folder.PluginsDirectory, "Weather", "Weather.dll")), (candidate.FolderName, candidate.AssemblyPath));
        Assert.Empty(skipped);
    }

    [Fact]
    public void Scan_LinkToTheFileSystemRoot_Skipped()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder.PluginsDirectory, "Root"), "/");
        var skipped = new List<string>();

        Assert.Empty(PluginDirectoryScanner.Scan(_folder.PluginsDirectory, skipped.Add));

        Assert.Equal([$"Skipped {Path.Combine(_folder.PluginsDirectory, "Root")} in the plugins folder: a link to /, the plugins folder itself or a folder above it"], skipped);
    }

    private string Folder(string name, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.PluginsDirectory, name)).FullName;
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), "");
        }

        return folder;
    }
}
