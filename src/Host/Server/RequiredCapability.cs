namespace Providers.Host.Server;

/// <summary>A capability a request needs, and the first field that needs it (named in the 400 when none offers it).</summary>
internal sealed record RequiredCapability(ProviderCapability Capability, string Param);
