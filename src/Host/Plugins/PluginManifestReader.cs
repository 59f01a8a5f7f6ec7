using System.Text.Json;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Reads a plugin folder's <c>plugin.json</c> and decides, before anything is loaded, whether and what to load.</summary>
/// <remarks>
/// The <c>abi</c> is looked at first, on the parsed document: a manifest written for another
/// contract may have other keys, and its honest verdict is "not supported", not "unknown key".
/// Only a manifest for this host's ABI is then read strictly (unknown, repeated or mistyped keys are errors).
/// </remarks>
internal static class PluginManifestReader
{
    /// <summary>The largest manifest read; a real one is a few hundred bytes.</summary>
    public const long MaxBytes = 64 * 1024;

    private const string _file = PluginManifest.FileName;

    /// <summary>The candidate for <paramref name="folder"/>, whose <c>plugin.json</c> exists: its entry, or why nothing of it may be loaded.</summary>
    public static PluginCandidate Read(string folderName, string folder)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        ArgumentNullException.ThrowIfNull(folder);
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(Path.Combine(folder, _file), MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Malfunctioned(ex is InvalidDataException ? $"{_file} {ex.Message}" : $"{_file} cannot be read: {PluginAssemblyLoader.OneLine(ex.Message)}");
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return Malfunctioned($"{_file} is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return Malfunctioned($"{_file}: {DescribeSyntaxError(ex)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Malfunctioned($"{_file}: expected a JSON object with the keys {string.Join(", ", PluginManifest.Keys)}");
            }

            var (manifest, error) = Deserialize(document.RootElement);
            if (ForeignAbi(document.RootElement) is { } abi)
            {
                return new PluginCandidate(folderName, folder, null, $"{_file} says abi {abi}; this host implements {ProviderAbi.Version}")
                {
                    ErrorStatus = ProviderStatus.NotSupported,
                    Manifest = manifest ?? new PluginManifest { Abi = abi },
                };
            }

            return error is not null ? Malfunctioned(error) : Check(manifest!);
        }

        PluginCandidate Check(PluginManifest manifest)
        {
            if (manifest.Abi is null)
            {
                return Malfunctioned($"{_file} has no \"abi\": set it to the ProviderAbi.Version the plugin was built against ({ProviderAbi.Version})", manifest);
            }

            if (string.IsNullOrWhiteSpace(manifest.Entry))
            {
                return Malfunctioned($"{_file} has no \"entry\": set it to the main assembly's file name", manifest);
            }

            if (manifest.Entry != Path.GetFileName(manifest.Entry) || manifest.Entry.Contains('\\', StringComparison.Ordinal) || manifest.Entry is "." or "..")
            {
                return Malfunctioned($"{_file}: \"entry\" must be a file name in the plugin folder, got \"{manifest.Entry}\"", manifest);
            }

            var entry = Path.Combine(folder, manifest.Entry);
            return File.Exists(entry)
                ? new PluginCandidate(folderName, folder, entry, null) { Manifest = manifest }
                : Malfunctioned($"{_file} names entry {manifest.Entry}, which is missing", manifest);
        }

        PluginCandidate Malfunctioned(string reason, PluginManifest? manifest = null) =>
            new(folderName, folder, null, reason) { Manifest = manifest };
    }

    /// <summary>The manifest's <c>abi</c> when it is an integer other than this host's; null otherwise (missing, mistyped or ours).</summary>
    private static int? ForeignAbi(JsonElement root) =>
        root.TryGetProperty("abi", out var abi) && abi.ValueKind == JsonValueKind.Number && abi.TryGetInt32(out var version)
            && version != ProviderAbi.Version
            ? version
            : null;

    /// <summary>
    /// The manifest, read strictly in document order: the first unknown, repeated or mistyped key is the
    /// error. Read off the parsed document by hand: the five keys do not need the serializer, whose
    /// first use costs every start-up more than the rest of the manifest does.
    /// </summary>
    private static (PluginManifest? Manifest, string? Error) Deserialize(JsonElement root)
    {
        var manifest = new PluginManifest();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var key = property.Name;
            if (!PluginManifest.Keys.Contains(key, StringComparer.Ordinal))
            {
                return (null, $"{_file}: unknown key \"{key}\" (expected {string.Join(", ", PluginManifest.Keys)})");
            }

            if (!seen.Add(key))
            {
                return (null, $"{_file}: \"{key}\" is given twice");
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (key == "abi")
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var abi))
                {
                    return (null, $"{_file}: \"abi\" must be an integer");
                }

                manifest = manifest with { Abi = abi };
                continue;
            }

            if (value.ValueKind != JsonValueKind.String || ReadText(value) is not { } text)
            {
                return (null, $"{_file}: \"{key}\" must be a string");
            }

            manifest = key switch
            {
                "name" => manifest with { Name = text },
                "version" => manifest with { Version = text },
                "entry" => manifest with { Entry = text },
                _ => manifest with { Description = text },
            };
        }

        return (manifest, null);
    }

    /// <summary>The string's text; null when its escapes do not spell valid text (a lone surrogate).</summary>
    private static string? ReadText(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string DescribeSyntaxError(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var what = PluginAssemblyLoader.OneLine(cut < 0 ? message : message[..cut]);
        return ex is { LineNumber: { } line, BytePositionInLine: { } column }
            ? $"malformed JSON at line {line + 1}, column {column + 1}: {what}"
            : $"malformed JSON: {what}";
    }
}
