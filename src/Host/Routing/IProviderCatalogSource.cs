using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>Where the router reads the provider set from, once per request.</summary>
/// <remarks>
/// A request reads <see cref="Current"/> once and uses that snapshot throughout, so it sees one
/// consistent set even when plugins come and go while it runs.
/// </remarks>
internal interface IProviderCatalogSource
{
    IProviderCatalog Current { get; }
}
