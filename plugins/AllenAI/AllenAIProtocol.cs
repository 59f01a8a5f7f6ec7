namespace Providers.AllenAI;

/// <summary>The values of <see cref="AllenAIOptions.Protocol"/>, spelled as in plugins.json.</summary>
internal static class AllenAIProtocol
{
    /// <summary>Start with the configured endpoint; switch to the successor once it answers 404.</summary>
    public const string Auto = "auto";

    /// <summary><c>POST /v4/message/stream</c>, removed by Ai2 on 2025-11-03.</summary>
    public const string MessageStream = "message-stream";

    /// <summary><c>POST /v4/threads/</c>, the successor.</summary>
    public const string Threads = "threads";
}
