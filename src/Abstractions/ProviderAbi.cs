namespace Providers.Abstractions;

/// <summary>The version of this contract's binary interface.</summary>
/// <remarks>
/// Bumped on every breaking change to a public type here. A plugin bakes the value it was
/// compiled against into <see cref="ProviderPluginAttribute"/>; the host refuses a mismatch.
/// </remarks>
public static class ProviderAbi
{
    /// <summary>The current contract version.</summary>
    public const int Version = 2;
}
