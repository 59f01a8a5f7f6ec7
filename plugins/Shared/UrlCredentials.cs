using System.Net;
using System.Text.RegularExpressions;

namespace Providers.Plugins.Shared;

/// <summary>Keeps <c>user:password@</c> of a URL out of messages and hands it to the handler as credentials instead.</summary>
internal static partial class UrlCredentials
{
    /// <summary>Masks the user info of every URL in <paramref name="text"/>: <c>//user:pass@host</c> becomes <c>//***@host</c>.</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "//***@");

    /// <inheritdoc cref="Redact(string)"/>
    public static string Redact(Uri uri) => Redact(uri.ToString());

    /// <summary>The URL without its user info.</summary>
    public static Uri WithoutUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = "", Password = "" }.Uri;

    /// <summary>The unescaped user name and password of the URL's user info, or null when it has none.</summary>
    public static NetworkCredential? CredentialsOf(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var userInfo = uri.UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new NetworkCredential(Uri.UnescapeDataString(userInfo), "")
            : new NetworkCredential(Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }

    // Greedy up to the last @ before the path: an unescaped @ in a password is masked too.
    [GeneratedRegex(@"//[^/\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}

/// <summary>A URL for log messages: formatted (only when logged) without its user info.</summary>
internal readonly record struct RedactedUri(Uri Uri)
{
    public override string ToString() => UrlCredentials.Redact(Uri);
}
