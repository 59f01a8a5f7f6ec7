namespace Providers.TestPlugins.Echo;

/// <summary>A clock of the plugin's own, so a test can tell it from the host's.</summary>
public sealed class EchoClock : TimeProvider;
