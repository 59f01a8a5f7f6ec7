using System.Text.Json;

namespace Providers.Host.Server;

/// <summary>Checks a <c>POST /v1/chat/completions</c> body field by field before it is bound.</summary>
/// <remarks>
/// Every malformed value is a 400 naming the field, so binding afterwards cannot fail on a type.
/// Features the host cannot honour for every provider (tools, response formats, images) are
/// collected for <see cref="CapabilityGate"/>; features no provider can honour here (several
/// choices, log probabilities, audio) are refused at once, since dropping them would answer a
/// different question than the one asked. Any other field is collected as ignored, as OpenAI
/// ignores fields it does not know.
/// </remarks>
internal static class ChatBodyValidator
{
    private static readonly HashSet<string> _handled = new(StringComparer.Ordinal)
    {
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens", "max_completion_tokens",
        "stop", "n", "tools", "functions", "tool_choice", "function_call", "parallel_tool_calls", "response_format",
        "logprobs", "top_logprobs", "audio", "modalities",
    };

    public static OpenAIError? Validate(JsonElement body, List<RequiredCapability> needs, List<string> ignored)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(ignored);
        if (body.ValueKind != JsonValueKind.Object)
        {
            return RequestFields.InvalidType("body", "a JSON object", body);
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!_handled.Contains(property.Name))
            {
                ignored.Add(property.Name);
            }
        }

        return RequestFields.RequireString(body, "model", "model")
            ?? ValidateMessages(body, needs)
            ?? RequestFields.OptionalBoolean(body, "stream")
            ?? RequestFields.OptionalKind(body, "stream_options", JsonValueKind.Object, "an object")
            ?? RequestFields.OptionalNumber(body, "temperature", 0, 2)
            ?? RequestFields.OptionalNumber(body, "top_p", 0, 1)
            ?? RequestFields.OptionalInteger(body, "max_tokens", 1)
            ?? RequestFields.OptionalInteger(body, "max_completion_tokens", 1)
            ?? ValidateStop(body)
            ?? ValidateChoices(body)
            ?? ValidateTools(body, needs)
            ?? ValidateResponseFormat(body, needs)
            ?? ValidateOutputs(body);
    }

    private static OpenAIError? ValidateMessages(JsonElement body, List<RequiredCapability> needs)
    {
        if (!RequestFields.IsSet(body, "messages", out var messages))
        {
            return RequestFields.Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return RequestFields.InvalidType("messages", "an array", messages);
        }

        if (messages.GetArrayLength() == 0)
        {
            return RequestFields.InvalidValue("messages", "'messages' must hold at least one message.");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (ValidateMessage(message, $"messages[{index}]", needs) is { } error)
            {
                return error;
            }

            index++;
        }

        return null;
    }

    private static OpenAIError? ValidateMessage(JsonElement message, string path, List<RequiredCapability> needs)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return RequestFields.InvalidType(path, "an object", message);
        }

        if (RequestFields.RequireString(message, "role", $"{path}.role") is { } roleError)
        {
            return roleError;
        }

        var role = message.GetProperty("role").GetString();
        if (role is "tool" or "function")
        {
            needs.Add(new RequiredCapability(ProviderCapability.Tools, $"{path}.role"));
        }
        else if (role is not ("system" or "developer" or "user" or "assistant"))
        {
            return RequestFields.InvalidValue($"{path}.role",
                $"Invalid value for '{path}.role': '{role}'; use system, developer, user or assistant.");
        }

        if (RequestFields.IsSet(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
        {
            needs.Add(new RequiredCapability(ProviderCapability.Tools, $"{path}.tool_calls"));
        }

        if (RequestFields.IsSet(message, "function_call", out _))
        {
            needs.Add(new RequiredCapability(ProviderCapability.Tools, $"{path}.function_call"));
        }

        if (!RequestFields.IsSet(message, "content", out var content) || content.ValueKind == JsonValueKind.String)
        {
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return RequestFields.InvalidType($"{path}.content", "a string or an array of content parts", content);
        }

        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (ValidatePart(part, $"{path}.content[{index}]", needs) is { } error)
            {
                return error;
            }

            index++;
        }

        return null;
    }

    private static OpenAIError? ValidatePart(JsonElement part, string path, List<RequiredCapability> needs)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            return RequestFields.InvalidType(path, "an object", part);
        }

        if (RequestFields.RequireString(part, "type", $"{path}.type") is { } typeError)
        {
            return typeError;
        }

        switch (part.GetProperty("type").GetString())
        {
            case "text":
                return RequestFields.IsSet(part, "text", out var text)
                    ? text.ValueKind == JsonValueKind.String ? null : RequestFields.InvalidType($"{path}.text", "a string", text)
                    : RequestFields.Missing($"{path}.text");
            case "image_url":
                needs.Add(new RequiredCapability(ProviderCapability.Images, path));
                return null;
            case var other:
                return RequestFields.Unsupported($"{path}.type", $"content parts of type '{other}' are not supported; use text parts.");
        }
    }

    private static OpenAIError? ValidateStop(JsonElement body)
    {
        if (!RequestFields.IsSet(body, "stop", out var stop) || stop.ValueKind == JsonValueKind.String)
        {
            return null;
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            return RequestFields.InvalidType("stop", "a string or an array of strings", stop);
        }

        var index = 0;
        foreach (var item in stop.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return RequestFields.InvalidType($"stop[{index}]", "a string", item);
            }

            index++;
        }

        return null;
    }

    private static OpenAIError? ValidateChoices(JsonElement body) =>
        RequestFields.OptionalInteger(body, "n", 1)
        ?? (RequestFields.IsSet(body, "n", out var n) && n.GetInt32() > 1
            ? RequestFields.Unsupported("n", "only one choice per request is supported ('n' must be 1).")
            : null);

    private static OpenAIError? ValidateTools(JsonElement body, List<RequiredCapability> needs)
    {
        foreach (var name in (string[])["tools", "functions"])
        {
            if (RequestFields.OptionalKind(body, name, JsonValueKind.Array, "an array") is { } error)
            {
                return error;
            }

            if (RequestFields.IsSet(body, name, out var list) && list.GetArrayLength() > 0)
            {
                needs.Add(new RequiredCapability(ProviderCapability.Tools, name));
            }
        }

        foreach (var name in (string[])["tool_choice", "function_call"])
        {
            // "none" and "auto" ask for what every provider does without tools.
            if (RequestFields.IsSet(body, name, out var choice) && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "none" or "auto"))
            {
                needs.Add(new RequiredCapability(ProviderCapability.Tools, name));
            }
        }

        return RequestFields.OptionalBoolean(body, "parallel_tool_calls");
    }

    private static OpenAIError? ValidateResponseFormat(JsonElement body, List<RequiredCapability> needs)
    {
        if (RequestFields.OptionalKind(body, "response_format", JsonValueKind.Object, "an object") is { } error)
        {
            return error;
        }

        if (RequestFields.IsSet(body, "response_format", out var format)
            && !(format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
        {
            needs.Add(new RequiredCapability(ProviderCapability.ResponseFormat, "response_format"));
        }

        return null;
    }

    private static OpenAIError? ValidateOutputs(JsonElement body)
    {
        if (RequestFields.OptionalBoolean(body, "logprobs") is { } error)
        {
            return error;
        }

        if (RequestFields.IsSet(body, "logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.True)
        {
            return RequestFields.Unsupported("logprobs", "providers do not report log probabilities.");
        }

        if (RequestFields.IsSet(body, "top_logprobs", out _))
        {
            return RequestFields.Unsupported("top_logprobs", "providers do not report log probabilities.");
        }

        if (RequestFields.IsSet(body, "audio", out _))
        {
            return RequestFields.Unsupported("audio", "only text output is supported.");
        }

        if (RequestFields.IsSet(body, "modalities", out var modalities)
            && (modalities.ValueKind != JsonValueKind.Array
                || modalities.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString() != "text")))
        {
            return RequestFields.Unsupported("modalities", "only text output is supported.");
        }

        return null;
    }
}
