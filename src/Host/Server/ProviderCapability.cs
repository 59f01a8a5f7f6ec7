namespace Providers.Host.Server;

/// <summary>A feature a request may need that only some providers declare in their metadata.</summary>
internal enum ProviderCapability
{
    /// <summary><c>ProviderMetadata.SupportsTools</c>: tools, tool choice, tool calls and tool messages.</summary>
    Tools,

    /// <summary><c>ProviderMetadata.SupportsResponseFormat</c>: a structured <c>response_format</c>.</summary>
    ResponseFormat,

    /// <summary><c>ProviderMetadata.SupportsImages</c>: image content parts.</summary>
    Images,
}
