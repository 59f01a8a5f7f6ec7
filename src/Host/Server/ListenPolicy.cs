using System.Net;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Safe by default: a blank key is a mistake, and serving beyond loopback without a key needs consent.</summary>
internal static class ListenPolicy
{
    /// <summary>The API key to require, or the one-line start-up error.</summary>
    /// <param name="fromOption">The <c>--api-key</c> value; null when the option was not given.</param>
    /// <param name="fromEnvironment">The <c>PROVIDERS_API_KEY</c> value; null when unset.</param>
    public static (string? Key, string? Error) ResolveApiKey(string? fromOption, string? fromEnvironment)
    {
        var (value, source) = fromOption is not null ? (fromOption, "--api-key") : (fromEnvironment, ServerOptions.ApiKeyVariable);
        if (value is null)
        {
            return (null, null);
        }

        // A blank key would either switch auth off or refuse every request, both without a word.
        return string.IsNullOrWhiteSpace(value)
            ? (null, $"{source} is set but blank; give a key, or leave it unset to serve without one")
            : (value.Trim(), null);
    }

    /// <summary>The start-up error when <paramref name="urls"/> reach beyond loopback without a key and without consent.</summary>
    public static string? CheckExposure(string urls, bool keyRequired, bool allowUnauthenticated)
    {
        if (keyRequired || allowUnauthenticated || IsLoopbackOnly(urls))
        {
            return null;
        }

        return $"refusing to serve {urls} beyond loopback without an API key; set {ServerOptions.ApiKeyVariable} (or --api-key), or pass --allow-unauthenticated";
    }

    /// <summary>What the start-up line says: where it listens and whether a key is needed.</summary>
    public static string Describe(IEnumerable<string> boundUrls, string requestedUrls, bool keyRequired) =>
        $"{string.Join(", ", boundUrls)} ({(IsLoopbackOnly(requestedUrls) ? "loopback only" : "beyond loopback")}; " +
        $"{(keyRequired ? "API key required" : "no API key")})";

    public static bool IsLoopbackOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback);

    // Kestrel binds any host name other than localhost (and *, +, 0.0.0.0, [::]) to every interface.
    private static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
