using System.Text.RegularExpressions;

namespace Providers.OpenAICompatible;

/// <summary>Error messages are one line: upstream texts (gRPC dumps, pydantic reports) are multi-line.</summary>
internal static partial class OneLine
{
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
