namespace Providers.Abstractions;

/// <summary>The request is invalid for this provider (for example a temperature out of range).</summary>
/// <remarks>A usage error raised before anything is sent upstream (exit code 2, HTTP 400).</remarks>
public sealed class InvalidChatRequestException(string parameter, string message) : Exception(message)
{
    /// <summary>The offending parameter, as the user spells it (<c>temperature</c>, <c>top_p</c>…).</summary>
    public string Parameter { get; } = parameter;
}
