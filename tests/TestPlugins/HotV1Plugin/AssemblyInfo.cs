using Providers.Abstractions;

[assembly: ProviderPlugin(ProviderAbi.Version)]
