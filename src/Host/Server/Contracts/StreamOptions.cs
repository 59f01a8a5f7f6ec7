namespace Providers.Host.Server.Contracts;

/// <summary>The request's <c>stream_options</c>.</summary>
internal sealed class StreamOptions
{
    /// <summary>Whether a last chunk with <c>usage</c> and empty <c>choices</c> precedes <c>[DONE]</c>.</summary>
    public bool? IncludeUsage { get; set; }
}
