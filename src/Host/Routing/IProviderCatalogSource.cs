using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>Where the router and the server's views read the provider set from, once per request.</summary>
/// <remarks>
/// A request reads one snapshot and uses it throughout, so it sees one consistent set even when
/// plugins come and go while it runs. A request that calls providers holds a
/// <see cref="CatalogLease"/> for as long as it streams, so the snapshot it uses is not disposed under it.
/// </remarks>
internal interface IProviderCatalogSource
{
    /// <summary>The newest snapshot, for reading (listings, resolution); not held against disposal.</summary>
    IProviderCatalog Current { get; }

    /// <summary>The newest snapshot, held until the lease is disposed.</summary>
    CatalogLease Acquire();
}
