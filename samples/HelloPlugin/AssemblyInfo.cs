using Providers.Abstractions;

// The contract version this plugin was compiled against; the host refuses a plugin without it or with another.
[assembly: ProviderPlugin(ProviderAbi.Version)]
