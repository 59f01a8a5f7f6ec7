namespace Providers.AllenAI.Protocol;

/// <summary>One parsed stream line, reduced to what the client uses.</summary>
/// <param name="Kind">What the line is.</param>
/// <param name="MessageId">The <c>message</c> key: the reply id on chunks and error lines.</param>
/// <param name="Text">Chunk text, or the error's human text.</param>
/// <param name="Reason">An error line's <c>reason</c>, or a typed error's code.</param>
/// <param name="Severity">A typed error's severity.</param>
/// <param name="Snapshot">The reply as a snapshot describes it.</param>
/// <param name="Type">The raw <c>type</c> key, for logging unknown lines.</param>
internal readonly record struct StreamLine(
    StreamLineKind Kind,
    string? MessageId = null,
    string? Text = null,
    string? Reason = null,
    string? Severity = null,
    ReplySnapshot? Snapshot = null,
    string? Type = null);
