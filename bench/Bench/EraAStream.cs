using System.Text;
using System.Text.Json;

namespace Providers.Bench;

/// <summary>
/// A large Era A body shaped like the test fixtures: a tree line, many chunk lines with the server's
/// escapes (non-ASCII as \uXXXX, surrogate pairs, whitespace-only tokens, U+2028) and a final tree
/// that repeats the whole reply. <see cref="Text"/> is what a correct client must print, exactly.
/// </summary>
internal sealed class EraAStream
{
    public const string ReplyId = "msg_V8C1M5X2R7";

    // JSON-escaped as the server sends them.
    private static readonly string[] _tokens = ["Hello", " ", "world", ",", "\\n\\n", "Fran\\u00e7ais", " \\u65e5\\u672c\\u8a9e", " \\ud83d\\udc4b", "\\u2028", " the", " quick", " fox"];

    private EraAStream(byte[] body, int[] lineEnds, string text, int chunks)
    {
        Body = body;
        LineEnds = lineEnds;
        Text = text;
        Chunks = chunks;
    }

    /// <summary>The whole response body, every line ending in '\n'.</summary>
    public byte[] Body { get; }

    /// <summary>The offset just past each line's '\n', in order.</summary>
    public int[] LineEnds { get; }

    /// <summary>The reply text the chunks spell, decoded.</summary>
    public string Text { get; }

    public int Chunks { get; }

    public static EraAStream Create(int chunks)
    {
        var decoded = _tokens.Select(token => JsonSerializer.Deserialize<string>("\"" + token + "\"")!).ToArray();
        var body = new StringBuilder();
        var escapedReply = new StringBuilder();
        var reply = new StringBuilder();
        var lineEnds = new List<int>(chunks + 2);
        body.Append(Tree(final: false, content: "")).Append('\n');
        lineEnds.Add(body.Length);
        for (var i = 0; i < chunks; i++)
        {
            var token = _tokens[i % _tokens.Length];
            escapedReply.Append(token);
            reply.Append(decoded[i % decoded.Length]);
            body.Append("{\"message\": \"").Append(ReplyId).Append("\", \"content\": \"").Append(token).Append("\", \"logprobs\": []}\n");
            lineEnds.Add(body.Length);
        }

        body.Append(Tree(final: true, content: escapedReply.ToString())).Append('\n');
        lineEnds.Add(body.Length);
        // The body is pure ASCII, so character offsets are byte offsets.
        return new EraAStream(Encoding.ASCII.GetBytes(body.ToString()), [.. lineEnds], reply.ToString(), chunks);
    }

    private static string Tree(bool final, string content) =>
        "{\"id\": \"msg_K4T7B2N9Q3\", \"content\": \"Say hello in three languages.\", \"snippet\": \"Say hello in three languages.\", \"creator\": \"6d9c1f5e-3b0a-4c53-9a0e-2f4d8b7c1e90\", \"role\": \"user\", "
        + "\"opts\": {\"max_tokens\": 2048, \"temperature\": 0.7, \"n\": 1, \"top_p\": 1.0, \"logprobs\": null, \"stop\": []}, \"root\": \"msg_K4T7B2N9Q3\", \"created\": \"2025-03-14T18:12:03.297415+00:00\", "
        + "\"model_id\": \"tulu3-405b\", \"model_host\": \"inferd\", \"deleted\": null, \"parent\": null, \"template\": null, \"logprobs\": null, \"children\": [{\"id\": \"" + ReplyId + "\", \"content\": \""
        + content + "\", \"role\": \"assistant\", \"children\": null, \"final\": " + (final ? "true" : "false") + ", \"finish_reason\": " + (final ? "\"stop\"" : "null")
        + "}], \"completion\": null, \"final\": " + (final ? "true" : "false") + ", \"original\": null, \"private\": true, \"model_type\": null, \"finish_reason\": null, \"harmful\": false, \"expiration_time\": null, \"labels\": [], \"file_urls\": null}";
}
