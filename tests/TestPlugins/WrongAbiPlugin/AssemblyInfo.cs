using Providers.Abstractions;

// Built against a contract one version ahead of the host: the host must refuse it.
[assembly: ProviderPlugin(ProviderAbi.Version + 1)]
