namespace Providers.TestPlugins.MissingDependencyLib;

/// <summary>Exists only to be missing at run time.</summary>
public sealed class Dependency
{
    public string Greeting { get; } = "hello";
}
