using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>Synthesised stream lines in Ai2's shapes, for cases no recording covers.</summary>
internal static class WireLines
{
    public const string UserId = "msg_U1U1U1U1U1";
    public const string ReplyId = "msg_R2R2R2R2R2";
    public const string RootId = "msg_U1U1U1U1U1";

    public static string Tree(bool final, string content = "", string? finishReason = null) => Line(new JsonObject
    {
        ["id"] = UserId,
        ["content"] = "hi",
        ["role"] = "user",
        ["children"] = new JsonArray(new JsonObject
        {
            ["id"] = ReplyId,
            ["content"] = content,
            ["role"] = "assistant",
            ["children"] = null,
            ["final"] = final,
            ["finish_reason"] = finishReason,
        }),
        ["final"] = final,
        ["finish_reason"] = null,
    });

    public static string Chunk(string content) => Line(new JsonObject { ["message"] = ReplyId, ["content"] = content, ["logprobs"] = new JsonArray() });

    public static string Typed(string type, string content) => Line(new JsonObject { ["message"] = ReplyId, ["content"] = content, ["type"] = type });

    public static string Error(string error, string reason) => Line(new JsonObject { ["message"] = ReplyId, ["error"] = error, ["reason"] = reason });

    public static string TypedError(string description, string severity) => Line(new JsonObject
    {
        ["message"] = ReplyId,
        ["errorCode"] = "toolCallError",
        ["errorDescription"] = description,
        ["errorSeverity"] = severity,
        ["type"] = "error",
    });

    public static string Start() => Line(new JsonObject { ["message"] = RootId, ["type"] = "start" });

    public static string End() => Line(new JsonObject { ["message"] = RootId, ["type"] = "end" });

    /// <summary>The lines of a fixture, each with its '\n'.</summary>
    public static string[] FixtureLines(string name) =>
        [.. Encoding.ASCII.GetString(FixtureFile.Read(name)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n")];

    /// <summary>The concatenated chunk text of some Era A fixture lines, decoded independently of the code under test.</summary>
    public static string ChunkText(IEnumerable<string> lines) => string.Concat(lines.Select(line =>
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return root.TryGetProperty("message", out _) && root.TryGetProperty("content", out var content) ? content.GetString() : "";
    }));

    private static string Line(JsonObject value) => value.ToJsonString() + "\n";
}
