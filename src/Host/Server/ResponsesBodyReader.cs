using System.Text;
using System.Text.Json;
using Providers.Abstractions;

namespace Providers.Host.Server;

/// <summary>Checks and reads a <c>POST /v1/responses</c> body: text input (a string or message items) and sampling fields.</summary>
/// <remarks>
/// The same rules as <see cref="ChatBodyValidator"/>: a wrong type is a 400 naming the field, tools
/// and structured formats need a provider that declares them, item types other than messages
/// (function call outputs, reasoning items) are refused, and unknown fields are collected as ignored.
/// </remarks>
internal static class ResponsesBodyReader
{
    private static readonly HashSet<string> _handled = new(StringComparer.Ordinal)
    {
        "model", "input", "instructions", "previous_response_id", "stream", "store", "temperature", "top_p",
        "max_output_tokens", "tools", "tool_choice", "parallel_tool_calls", "text",
    };

    public static OpenAIError? Read(JsonElement body, List<RequiredCapability> needs, List<string> ignored, out ResponsesInput? input)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(ignored);
        input = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return RequestFields.InvalidType("body", "a JSON object", body);
        }

        ignored.AddRange(body.EnumerateObject().Select(p => p.Name).Where(n => !_handled.Contains(n)));
        var continues = RequestFields.IsSet(body, "previous_response_id", out _);
        var messages = new List<ChatMessage>();
        var error = (continues ? RequestFields.OptionalKind(body, "model", JsonValueKind.String, "a string") : RequestFields.RequireString(body, "model", "model"))
            ?? RequestFields.OptionalKind(body, "previous_response_id", JsonValueKind.String, "a string")
            ?? RequestFields.OptionalKind(body, "instructions", JsonValueKind.String, "a string")
            ?? ReadInput(body, messages, needs)
            ?? RequestFields.OptionalBoolean(body, "stream")
            ?? RequestFields.OptionalBoolean(body, "store")
            ?? RequestFields.OptionalNumber(body, "temperature", 0, 2)
            ?? RequestFields.OptionalNumber(body, "top_p", 0, 1)
            ?? RequestFields.OptionalInteger(body, "max_output_tokens", 1)
            ?? RequestFields.OptionalKind(body, "tools", JsonValueKind.Array, "an array")
            ?? RequestFields.OptionalBoolean(body, "parallel_tool_calls")
            ?? RequestFields.OptionalKind(body, "text", JsonValueKind.Object, "an object");
        if (error is not null)
        {
            return error;
        }

        if (RequestFields.IsSet(body, "tools", out var tools) && tools.GetArrayLength() > 0)
        {
            needs.Add(new RequiredCapability(ProviderCapability.Tools, "tools"));
        }

        if (RequestFields.IsSet(body, "tool_choice", out var choice) && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "none" or "auto"))
        {
            needs.Add(new RequiredCapability(ProviderCapability.Tools, "tool_choice"));
        }

        if (RequestFields.IsSet(body, "text", out var text) && text.TryGetProperty("format", out var format) && format.ValueKind != JsonValueKind.Null
            && !(format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == "text"))
        {
            needs.Add(new RequiredCapability(ProviderCapability.ResponseFormat, "text.format"));
        }

        var instructions = String(body, "instructions");
        if (instructions is { Length: > 0 })
        {
            messages.Insert(0, new ChatMessage(ChatRole.System, instructions));
        }

        input = new ResponsesInput(
            String(body, "model") ?? "",
            messages,
            Number(body, "temperature"),
            Number(body, "top_p"),
            RequestFields.IsSet(body, "max_output_tokens", out var max) ? max.GetInt32() : null,
            RequestFields.IsSet(body, "stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            !(RequestFields.IsSet(body, "store", out var store) && store.ValueKind == JsonValueKind.False),
            String(body, "previous_response_id"),
            instructions);
        return null;
    }

    private static OpenAIError? ReadInput(JsonElement body, List<ChatMessage> messages, List<RequiredCapability> needs)
    {
        if (!RequestFields.IsSet(body, "input", out var input))
        {
            return RequestFields.Missing("input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            messages.Add(new ChatMessage(ChatRole.User, input.GetString()!));
            return null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return RequestFields.InvalidType("input", "a string or an array of input items", input);
        }

        if (input.GetArrayLength() == 0)
        {
            return RequestFields.InvalidValue("input", "'input' must hold at least one item.");
        }

        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (ReadItem(item, $"input[{index}]", messages, needs) is { } error)
            {
                return error;
            }

            index++;
        }

        return null;
    }

    private static OpenAIError? ReadItem(JsonElement item, string path, List<ChatMessage> messages, List<RequiredCapability> needs)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return RequestFields.InvalidType(path, "an object", item);
        }

        if (RequestFields.IsSet(item, "type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "message"))
        {
            return type.ValueKind == JsonValueKind.String
                ? RequestFields.Unsupported($"{path}.type", $"input items of type '{type.GetString()}' are not supported; use messages.")
                : RequestFields.InvalidType($"{path}.type", "a string", type);
        }

        if (RequestFields.RequireString(item, "role", $"{path}.role") is { } roleError)
        {
            return roleError;
        }

        var role = item.GetProperty("role").GetString() switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            _ => (ChatRole?)null,
        };
        if (role is null)
        {
            return RequestFields.InvalidValue($"{path}.role", $"Invalid value for '{path}.role'; use system, developer, user or assistant.");
        }

        if (!RequestFields.IsSet(item, "content", out var content))
        {
            return RequestFields.Missing($"{path}.content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            messages.Add(new ChatMessage(role.Value, content.GetString()!));
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return RequestFields.InvalidType($"{path}.content", "a string or an array of content parts", content);
        }

        var text = new StringBuilder();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{index++}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                return RequestFields.InvalidType(partPath, "an object", part);
            }

            if (RequestFields.RequireString(part, "type", $"{partPath}.type") is { } typeError)
            {
                return typeError;
            }

            switch (part.GetProperty("type").GetString())
            {
                case "input_text" or "output_text" or "text":
                    if (!RequestFields.IsSet(part, "text", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        return value.ValueKind == JsonValueKind.Undefined || value.ValueKind == JsonValueKind.Null
                            ? RequestFields.Missing($"{partPath}.text")
                            : RequestFields.InvalidType($"{partPath}.text", "a string", value);
                    }

                    text.Append(value.GetString());
                    break;
                case "input_image":
                    needs.Add(new RequiredCapability(ProviderCapability.Images, partPath));
                    break;
                case var other:
                    return RequestFields.Unsupported($"{partPath}.type", $"content parts of type '{other}' are not supported; use text parts.");
            }
        }

        messages.Add(new ChatMessage(role.Value, text.ToString()));
        return null;
    }

    private static string? String(JsonElement body, string name) =>
        RequestFields.IsSet(body, name, out var value) ? value.GetString() : null;

    private static double? Number(JsonElement body, string name) =>
        RequestFields.IsSet(body, name, out var value) ? value.GetDouble() : null;
}
