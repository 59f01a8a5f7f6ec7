using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Providers.Host.Configuration;

/// <summary>Turns options binding and validation failures into the one-line error the CLI prints.</summary>
/// <remarks>
/// The configuration binder reports failures only as exception messages; their wording is
/// matched here and anything unrecognised is passed through whole, so no failure is lost.
/// </remarks>
internal static partial class BindingErrors
{
    public static HostConfigurationException Translate(Exception exception, string sectionPath, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(sources);
        return exception switch
        {
            OptionsValidationException validation => TranslateValidation(validation.Failures.FirstOrDefault() ?? validation.Message, sectionPath, sources),
            InvalidOperationException when ConversionFailure().Match(exception.Message) is { Success: true } match =>
                sources.Error(match.Groups["path"].Value, $"expected {Describe(match.Groups["type"].Value)}, got \"{match.Groups["value"].Value}\""),
            InvalidOperationException when UnknownKeys().Match(exception.Message) is { Success: true } match => UnknownKeyError(match, sectionPath, sources),
            _ => sources.Error(sectionPath, OneLine(exception.Message)),
        };
    }

    /// <summary>The error for one DataAnnotations failure of an object bound from <paramref name="sectionPath"/>.</summary>
    public static HostConfigurationException TranslateValidation(string failure, string sectionPath, ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(sources);
        return DataAnnotationFailure().Match(failure) is { Success: true } match
            ? sources.Error($"{sectionPath}:{match.Groups["member"].Value}", match.Groups["error"].Value)
            : sources.Error(sectionPath, OneLine(failure));
    }

    private static HostConfigurationException UnknownKeyError(Match match, string sectionPath, ConfigurationSources sources)
    {
        var keys = KeyName().Matches(match.Groups["keys"].Value).Select(m => m.Groups["key"].Value).ToArray();
        var others = keys.Length > 1 ? $" (also unknown: {string.Join(", ", keys[1..])})" : "";
        return sources.Error($"{sectionPath}:{keys[0]}", $"unknown key{others}");
    }

    private static string Describe(string typeName) => typeName switch
    {
        "System.Boolean" => "true or false",
        "System.Int16" or "System.Int32" or "System.Int64" or "System.Byte"
            or "System.UInt16" or "System.UInt32" or "System.UInt64" => "an integer",
        "System.Single" or "System.Double" or "System.Decimal" => "a number",
        "System.Uri" => "a URL",
        "System.TimeSpan" => "a duration (hh:mm:ss)",
        _ => $"a value of type {typeName[(typeName.LastIndexOf('.') + 1)..]}",
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    // "Failed to convert configuration value 'abc' at 'providers:Echo:TimeoutSeconds' to type 'System.Int32'."
    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    // "'ErrorOnUnknownConfiguration' was set ..., but the following properties were not found on the instance of T: 'a', 'b'"
    [GeneratedRegex("were not found on the instance of [^:]+: (?<keys>'.+')$")]
    private static partial Regex UnknownKeys();

    [GeneratedRegex("'(?<key>[^']+)'")]
    private static partial Regex KeyName();

    // "DataAnnotation validation failed for 'EchoOptions' members: 'Greeting' with the error: 'The Greeting field is required.'."
    [GeneratedRegex("members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$")]
    private static partial Regex DataAnnotationFailure();
}
