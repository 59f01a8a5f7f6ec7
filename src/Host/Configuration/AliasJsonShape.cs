using System.Globalization;
using System.Text.Json;

namespace Providers.Host.Configuration;

/// <summary>Checks the JSON kinds of the config file's <c>aliases</c>: each value is a model name or an array of them.</summary>
/// <remarks>
/// Configuration turns <c>5</c> and <c>true</c> into text and drops an empty array, so these are
/// caught on the file's own JSON. One pass over the section: linear in the number of aliases.
/// </remarks>
internal static class AliasJsonShape
{
    private const string _sectionName = "aliases";

    private static readonly JsonDocumentOptions _options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <exception cref="HostConfigurationException">An alias from the file is a number, a boolean, an empty array or an array holding a non-name.</exception>
    public static void RejectNonText(byte[] json, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sources);
        // The configuration reader accepts a UTF-8 byte order mark; JsonDocument does not.
        var text = json.AsMemory();
        if (text.Span.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        using var document = JsonDocument.Parse(text, _options);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var top in document.RootElement.EnumerateObject())
        {
            if (string.Equals(top.Name, _sectionName, StringComparison.OrdinalIgnoreCase) && top.Value.ValueKind == JsonValueKind.Object)
            {
                CheckAliases(top.Name, top.Value, sources);
            }
        }
    }

    private static void CheckAliases(string sectionKey, JsonElement aliases, ConfigurationSources sources)
    {
        foreach (var alias in aliases.EnumerateObject())
        {
            var path = $"{sectionKey}:{alias.Name}";
            var value = alias.Value;
            if (value.ValueKind == JsonValueKind.Array)
            {
                if (value.GetArrayLength() == 0)
                {
                    Fail(sources, path, "expected a model name or an array of them, got an empty value");
                }

                var index = 0;
                foreach (var target in value.EnumerateArray())
                {
                    if (Describe(target) is { } wrong)
                    {
                        Fail(sources, $"{path}:{index.ToString(CultureInfo.InvariantCulture)}", $"expected a model name, got {wrong}");
                    }

                    index++;
                }
            }
            else if (value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                Fail(sources, path, $"expected a model name, got {Describe(value)}");
            }
        }
    }

    // Null and objects are left to the configuration checks, which already name them.
    private static string? Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Array => "a list",
        _ => null,
    };

    // A variable may override the file's value; only what the file still decides is its error.
    private static void Fail(ConfigurationSources sources, string path, string problem)
    {
        if (sources.IsFromFile(path))
        {
            throw sources.Error(path, problem);
        }
    }
}
