namespace Providers.Host.Tests.Server;

/// <summary>Where the OpenAI Node SDK test project lives (tests/node-compat) and whether its packages are installed.</summary>
internal static class NodeCompatProject
{
    public static string Directory { get; } = Path.Combine(FindRepositoryRoot(), "tests", "node-compat");

    public static bool IsInstalled => File.Exists(Path.Combine(Directory, "node_modules", "openai", "package.json"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingPackagesMessage =>
        $"The OpenAI Node SDK is not installed: run `npm ci --prefix tests/node-compat` (Node 20+) in the repository root ({Directory}/node_modules is missing).";

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Providers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Providers.sln above {AppContext.BaseDirectory}.");
    }
}
