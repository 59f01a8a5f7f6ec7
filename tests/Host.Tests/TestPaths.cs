using System.Reflection;

namespace Providers.Host.Tests;

/// <summary>Where the build put the real host, its AllenAI plugin folder and the test plugin folders.</summary>
internal static class TestPaths
{
    public static string HostOutputDirectory { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "HostOutputDirectory").Value!;

    /// <summary>The repository's root folder (README.md, plugins/, samples/).</summary>
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string HostDll { get; } = Path.Combine(HostOutputDirectory, "host.dll");

    public static string AllenAIPluginDirectory { get; } = Path.Combine(HostOutputDirectory, "plugins", "AllenAI");

    public static string TestPlugin(string project) => Path.Combine(AppContext.BaseDirectory, "TestPlugins", project);
}
