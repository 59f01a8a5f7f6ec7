using System.Text;

namespace Providers.AllenAI.Benchmarks;

/// <summary>
/// A large Era A body shaped like the fixtures: a tree line, many chunk lines with the server's
/// escapes (non-ASCII as \uXXXX, surrogate pairs, whitespace-only tokens) and a final tree that
/// repeats the whole reply.
/// </summary>
internal static class SyntheticStream
{
    private static readonly string[] _tokens = ["Hello", " ", "world", ",", "\\n\\n", "Fran\\u00e7ais", " \\u65e5\\u672c\\u8a9e", " \\ud83d\\udc4b", "\\u2028", " the", " quick", " fox"];

    public static byte[] Create(int chunks)
    {
        var body = new StringBuilder();
        var reply = new StringBuilder();
        body.Append(Tree(final: false, content: "")).Append('\n');
        for (var i = 0; i < chunks; i++)
        {
            var token = _tokens[i % _tokens.Length];
            reply.Append(token);
            body.Append("{\"message\": \"msg_V8C1M5X2R7\", \"content\": \"").Append(token).Append("\", \"logprobs\": []}\n");
        }

        body.Append(Tree(final: true, content: reply.ToString())).Append('\n');
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    private static string Tree(bool final, string content) =>
        "{\"id\": \"msg_K4T7B2N9Q3\", \"content\": \"Say hello in three languages.\", \"snippet\": \"Say hello in three languages.\", \"creator\": \"6d9c1f5e-3b0a-4c53-9a0e-2f4d8b7c1e90\", \"role\": \"user\", "
        + "\"opts\": {\"max_tokens\": 2048, \"temperature\": 0.7, \"n\": 1, \"top_p\": 1.0, \"logprobs\": null, \"stop\": []}, \"root\": \"msg_K4T7B2N9Q3\", \"created\": \"2025-03-14T18:12:03.297415+00:00\", "
        + "\"model_id\": \"tulu3-405b\", \"model_host\": \"inferd\", \"deleted\": null, \"parent\": null, \"template\": null, \"logprobs\": null, \"children\": [{\"id\": \"msg_V8C1M5X2R7\", \"content\": \""
        + content + "\", \"role\": \"assistant\", \"children\": null, \"final\": " + (final ? "true" : "false") + ", \"finish_reason\": " + (final ? "\"stop\"" : "null")
        + "}], \"completion\": null, \"final\": " + (final ? "true" : "false") + ", \"original\": null, \"private\": true, \"model_type\": null, \"finish_reason\": null, \"harmful\": false, \"expiration_time\": null, \"labels\": [], \"file_urls\": null}";
}
