using System.Text;

namespace Providers.Host.Tests;

/// <summary>A throwaway folder holding a plugins.json and a plugins/ folder assembled from built plugin folders.</summary>
internal sealed class TempPluginsFolder : IDisposable
{
    public TempPluginsFolder()
    {
        Root = Directory.CreateTempSubdirectory("providers-host-tests-").FullName;
        PluginsDirectory = Directory.CreateDirectory(Path.Combine(Root, "plugins")).FullName;
        ConfigPath = Path.Combine(Root, "plugins.json");
        WriteConfig("""{ "pluginsPath": "plugins" }""");
    }

    public string Root { get; }

    public string PluginsDirectory { get; }

    /// <summary>plugins.json in <see cref="Root"/>; its <c>pluginsPath</c> is relative to it.</summary>
    public string ConfigPath { get; }

    /// <summary>Copies a built plugin folder to <c>plugins/&lt;folderName&gt;/</c>.</summary>
    public TempPluginsFolder Add(string sourceDirectory, string? folderName = null)
    {
        var target = Directory.CreateDirectory(Path.Combine(PluginsDirectory, folderName ?? Path.GetFileName(sourceDirectory.TrimEnd('/')))).FullName;
        foreach (var file in Directory.GetFiles(sourceDirectory))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return this;
    }

    public TempPluginsFolder AddTestPlugin(string project) => Add(TestPaths.TestPlugin(project));

    public TempPluginsFolder AddAllenAI() => Add(TestPaths.AllenAIPluginDirectory);

    /// <summary>A folder whose only file is <paramref name="fileName"/> filled with bytes that are no assembly.</summary>
    public TempPluginsFolder AddGarbage(string folderName, string fileName = "Garbage.dll")
    {
        var folder = Directory.CreateDirectory(Path.Combine(PluginsDirectory, folderName)).FullName;
        File.WriteAllBytes(Path.Combine(folder, fileName), Encoding.ASCII.GetBytes("MZ this is not a portable executable"));
        return this;
    }

    public string WriteConfig(string json)
    {
        File.WriteAllText(ConfigPath, json);
        return ConfigPath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A loaded plugin may keep a file busy on some systems; the OS cleans temp folders.
        }
    }
}
