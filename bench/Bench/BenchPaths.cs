namespace Providers.Bench;

/// <summary>Where the built programs are, relative to the repository root (bench/run builds them).</summary>
internal sealed record BenchPaths(string Root)
{
    /// <summary>Another build of the host to measure (<c>--host DIR</c>), e.g. an older one for a before/after comparison.</summary>
    public string? HostDirectoryOverride { get; init; }

    public string HostDirectory => HostDirectoryOverride ?? Path.Combine(Root, "src", "Host", "bin", "Release", "net10.0");

    public string HostApphost => Path.Combine(HostDirectory, "host");

    public string HostDll => Path.Combine(HostDirectory, "host.dll");

    public string HelloDirectory => Path.Combine(Root, "bench", "Hello", "bin", "Release", "net10.0");

    public string HelloApphost => Path.Combine(HelloDirectory, "hello");

    public string HelloDll => Path.Combine(HelloDirectory, "hello.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>Points the host's AllenAI section at the fake (an environment override, as README documents).</summary>
    public static Dictionary<string, string> HostEnvironment(Uri fakeEndpoint) => new(StringComparer.Ordinal)
    {
        ["PROVIDERS_providers__AllenAI__apiEndpoint"] = fakeEndpoint.ToString(),
        ["PROVIDERS_providers__AllenAI__protocol"] = "message-stream",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };
}
