using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Providers.Host.Configuration;

/// <summary>A JSON stream source whose provider looks children up in an index (see <see cref="IndexedJsonStreamConfigurationProvider"/>).</summary>
internal sealed class IndexedJsonStreamConfigurationSource : JsonStreamConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder) => new IndexedJsonStreamConfigurationProvider(this);
}
