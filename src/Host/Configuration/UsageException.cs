namespace Providers.Host.Configuration;

/// <summary>The user's own input (a file, an option) cannot be used: a usage error, exit code 2, never a provider's fault.</summary>
/// <remarks>The failure classifier knows only this base, not every kind of file the front ends read.</remarks>
internal abstract class UsageException(string message, Exception? innerException = null) : Exception(message, innerException);
