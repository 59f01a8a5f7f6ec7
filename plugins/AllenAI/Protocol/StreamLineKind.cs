namespace Providers.AllenAI.Protocol;

/// <summary>What a stream line is, decided from the keys it carries.</summary>
internal enum StreamLineKind
{
    /// <summary>A line this client does not know; ignored so a new server feature does not break replies.</summary>
    Unknown,

    /// <summary><c>{"message", "type": "start"}</c>: the stream is Era B or threads and must end with <see cref="End"/>.</summary>
    Start,

    /// <summary><c>{"message", "type": "end"}</c>.</summary>
    End,

    /// <summary>Answer text: a typed <c>modelResponse</c> chunk or an Era A <c>{message, content}</c> chunk.</summary>
    Text,

    /// <summary>A typed <c>thinking</c> chunk: reasoning, never answer text.</summary>
    Thinking,

    /// <summary>A typed <c>toolCall</c> delta.</summary>
    ToolCall,

    /// <summary><c>{"message", "error", "reason"}</c>.</summary>
    ErrorLine,

    /// <summary>A typed <c>error</c> chunk with a severity.</summary>
    TypedError,

    /// <summary>A message tree (Era A/B) or a thread snapshot (<c>/v4/threads/</c>).</summary>
    Snapshot,
}
