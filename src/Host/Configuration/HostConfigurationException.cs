namespace Providers.Host.Configuration;

/// <summary>plugins.json (or an override of it) is unusable; the message is one line naming the source and the key.</summary>
/// <remarks>The CLI prints it as <c>host: {Message}</c> and exits with code 2.</remarks>
internal sealed class HostConfigurationException(string message) : UsageException(message);
