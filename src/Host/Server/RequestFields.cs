using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Type checks of request fields with OpenAI's wording, naming each field in JSON terms.</summary>
/// <remarks>
/// Strict as OpenAI is: a string is not a number (<c>"0.5"</c> for <c>temperature</c> is refused just as
/// <c>"true"</c> for <c>stream</c>), and null means "not set". Messages never name .NET types.
/// </remarks>
internal static class RequestFields
{
    public const string InvalidRequest = "invalid_request_error";

    public static OpenAIError InvalidType(string param, string expected, JsonElement got) =>
        new(StatusCodes.Status400BadRequest, InvalidRequest, "invalid_type",
            $"Invalid type for '{param}': expected {expected}, but got {Describe(got)} instead.")
        { Param = param };

    public static OpenAIError InvalidValue(string param, string message) =>
        new(StatusCodes.Status400BadRequest, InvalidRequest, "invalid_value", message) { Param = param };

    public static OpenAIError Missing(string param) =>
        new(StatusCodes.Status400BadRequest, InvalidRequest, "missing_required_parameter", $"Missing required parameter: '{param}'.") { Param = param };

    /// <summary>A feature the request needs that no provider serving its model offers: refused before anything is sent.</summary>
    public static OpenAIError Unsupported(string param, string why) =>
        new(StatusCodes.Status400BadRequest, InvalidRequest, "unsupported_parameter", $"Unsupported parameter: '{param}': {why}") { Param = param };

    public static bool IsSet(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static OpenAIError? RequireString(JsonElement body, string name, string param)
    {
        if (!IsSet(body, name, out var value))
        {
            return Missing(param);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return InvalidType(param, "a string", value);
        }

        return value.GetString()!.Trim().Length == 0 ? InvalidValue(param, $"'{param}' must not be empty.") : null;
    }

    public static OpenAIError? OptionalKind(JsonElement body, string name, JsonValueKind kind, string expected)
    {
        if (!IsSet(body, name, out var value))
        {
            return null;
        }

        var matches = kind == JsonValueKind.True ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : value.ValueKind == kind;
        return matches ? null : InvalidType(name, expected, value);
    }

    public static OpenAIError? OptionalBoolean(JsonElement body, string name) => OptionalKind(body, name, JsonValueKind.True, "a boolean");

    public static OpenAIError? OptionalNumber(JsonElement body, string name, double minimum, double maximum)
    {
        if (!IsSet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return InvalidType(name, "a number", value);
        }

        var number = value.GetDouble();
        return number < minimum || number > maximum
            ? InvalidValue(name, $"Invalid value for '{name}': expected a number from {minimum} to {maximum}, but got {value.GetRawText()}.")
            : null;
    }

    public static OpenAIError? OptionalInteger(JsonElement body, string name, int minimum)
    {
        if (!IsSet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var integer))
        {
            return InvalidType(name, "an integer", value);
        }

        return integer < minimum
            ? InvalidValue(name, $"Invalid value for '{name}': expected an integer of at least {minimum}, but got {integer}.")
            : null;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
