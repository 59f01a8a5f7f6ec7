using System.Text;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;

namespace Providers.AllenAI.Protocol;

/// <summary>
/// Turns parsed stream lines into response items and, at the end, decides how the reply ended.
/// One instance per reply; not thread-safe.
/// </summary>
/// <remarks>
/// The era is detected per stream from the first line: a <c>start</c> line means Era B (or
/// <c>/v4/threads/</c>), which is only complete once <c>end</c> arrives; anything else is Era A,
/// complete once a final tree arrived. Error lines are remembered, not thrown at once, so the
/// final tree that follows them still yields the reply id (the server stored the partial reply).
/// </remarks>
internal sealed class ReplyAssembler(ILogger logger)
{
    private readonly StringBuilder _text = new();
    private string? _textSnapshot;
    private bool _sawFirstLine;
    private bool _typedEra;
    private bool _sawEnd;
    private bool _lengthNotice;
    private ReplySnapshot? _lastSnapshot;
    private ProviderStreamException? _failure;
    private string? _chunkPrefixId;
    private byte[] _chunkPrefix = [];

    /// <summary>The answer text received so far, exactly as streamed.</summary>
    public string Text => _textSnapshot ??= _text.ToString();

    public int TextLength => _text.Length;

    /// <summary>The reply's message id, once a chunk or snapshot named it.</summary>
    public string? ReplyId { get; private set; }

    /// <summary>Whether the server finalised the reply (a final snapshot arrived), so it is a valid parent.</summary>
    public bool ReplyFinalised => _lastSnapshot is { Final: true, ReplyId: not null };

    /// <summary>Parses one framed line and accepts it; the reply id is reused, not decoded again per chunk.</summary>
    /// <returns>The item the line yields, if any (a line yields at most one).</returns>
    public ResponseItem? Accept(ReadOnlySpan<byte> line)
    {
        if (ReplyId is not null && !ReferenceEquals(_chunkPrefixId, ReplyId))
        {
            // Once per reply id (it is only ever set, never cleared): every chunk line then starts with these exact bytes.
            _chunkPrefix = ChunkLineFastPath.PrefixFor(ReplyId);
            _chunkPrefixId = ReplyId;
        }

        return Accept(StreamLineParser.Parse(line, ReplyId, _chunkPrefix));
    }

    /// <returns>The item the line yields, if any (a line yields at most one).</returns>
    public ResponseItem? Accept(in StreamLine line)
    {
        if (!_sawFirstLine)
        {
            _sawFirstLine = true;
            _typedEra = line.Kind == StreamLineKind.Start;
        }

        if (_sawEnd)
        {
            Log.LineAfterEndIgnored(logger, line.Kind);
            return null;
        }

        switch (line.Kind)
        {
            case StreamLineKind.Start:
                break;
            case StreamLineKind.End:
                _sawEnd = true;
                break;
            case StreamLineKind.Text:
                ReplyId ??= line.MessageId;
                // Whitespace-only pieces are real tokens (g4f dropped them); only "" carries nothing.
                if (line.Text is { Length: > 0 } text)
                {
                    Append(text);
                    return new TextDelta(text);
                }

                break;
            case StreamLineKind.Thinking:
                ReplyId ??= line.MessageId;
                if (line.Text is { Length: > 0 } thinking)
                {
                    return new ReasoningDelta(thinking);
                }

                break;
            case StreamLineKind.ErrorLine:
                ReplyId ??= line.MessageId;
                AcceptErrorLine(line.Reason, line.Text ?? "");
                break;
            case StreamLineKind.TypedError:
                AcceptTypedError(line);
                break;
            case StreamLineKind.Snapshot:
                return AcceptSnapshot(line.Snapshot!);
            case StreamLineKind.ToolCall:
            case StreamLineKind.Unknown:
            default:
                Log.LineIgnored(logger, line.Kind, line.Type ?? "");
                break;
        }

        return null;
    }

    /// <summary>Decides the outcome once the body has ended cleanly (EOF without a transport error).</summary>
    /// <returns>The finish reason, or the failure to raise after the text already yielded.</returns>
    public (FinishReason? Reason, ProviderStreamException? Failure) Complete()
    {
        if (_failure is not null)
        {
            return (null, _failure);
        }

        if (_typedEra && !_sawEnd)
        {
            return (null, new ProviderStreamException(AllenAIProvider.ProviderName, "missing end",
                "The Ai2 stream ended without its end line; the reply is incomplete.", isTransient: true));
        }

        if (_lastSnapshot is not { Final: true } snapshot)
        {
            return (null, new ProviderStreamException(AllenAIProvider.ProviderName, "incomplete stream",
                "The Ai2 stream ended before the final message tree arrived; the reply is incomplete.", isTransient: true));
        }

        switch (snapshot.FinishReason)
        {
            // null: the modal host and every Era-B stream never set one; the stream ended cleanly.
            case null or "stop":
                return (_lengthNotice ? FinishReason.Length : FinishReason.Stop, null);
            case "length":
                return (FinishReason.Length, null);
            default:
                return (null, new ProviderStreamException(AllenAIProvider.ProviderName, snapshot.FinishReason,
                    $"Ai2 ended the reply early (finish reason '{snapshot.FinishReason}').", IsTransientReason(snapshot.FinishReason)));
        }
    }

    private void AcceptErrorLine(string? reason, string error)
    {
        // The server sends this line for every length stop, plain max_tokens included: a truncated
        // reply, not a failure.
        if (reason == "length")
        {
            _lengthNotice = true;
            return;
        }

        var why = reason ?? "error";
        _failure ??= new ProviderStreamException(AllenAIProvider.ProviderName, why,
            $"Ai2 reported an error ({why}): {OneLine.Collapse(error)}", IsTransientReason(why));
        Log.UpstreamError(logger, why);
    }

    private void AcceptTypedError(in StreamLine line)
    {
        var code = line.Reason ?? "error";
        if (line.Severity is "warning" or "info")
        {
            Log.UpstreamWarning(logger, code, line.Severity);
            return;
        }

        _failure ??= new ProviderStreamException(AllenAIProvider.ProviderName, code,
            $"Ai2 reported an error ({code}): {OneLine.Collapse(line.Text ?? "")}");
        Log.UpstreamError(logger, code);
    }

    private TextDelta? AcceptSnapshot(ReplySnapshot snapshot)
    {
        if (snapshot.ReplyId is not null)
        {
            ReplyId = snapshot.ReplyId;
        }

        _lastSnapshot = snapshot;

        // The final tree holds the authoritative text. If chunks were lost but the stored text
        // continues what was streamed, stream the rest so the caller's text equals the stored one.
        if (snapshot is { Final: true, Content: { } stored })
        {
            // Compared in place: the reply can be megabytes, and a copy of it here is garbage.
            if (stored.Length > _text.Length && _text.Equals(stored.AsSpan(0, _text.Length)))
            {
                var rest = stored[_text.Length..];
                Append(rest);
                _textSnapshot = stored;
                return new TextDelta(rest);
            }

            if (stored.Length == _text.Length && _text.Equals(stored.AsSpan()))
            {
                // The reply's text is the stored string already: no second megabyte-sized copy of it.
                _textSnapshot = stored;
            }
            else if (stored.Length > _text.Length)
            {
                Log.StoredTextDiffers(logger, snapshot.ReplyId ?? "");
            }
        }

        return null;
    }

    private void Append(string text)
    {
        _text.Append(text);
        _textSnapshot = null;
    }

    private static bool IsTransientReason(string reason) =>
        reason is "model overloaded" or "grpc inference failed" or "bad connection" or "aborted" or "Model http error";
}
