using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Providers.AllenAI.Protocol;

/// <summary>Parses one framed line (raw UTF-8, no line terminator) into a <see cref="StreamLine"/>.</summary>
/// <remarks>
/// Decodes with <see cref="Utf8JsonReader"/> straight from the reader's buffer; only the fields the
/// client needs are materialised. Classification follows docs/ai2-protocol.md §4: typed lines by <c>type</c>;
/// otherwise chunks have <c>message</c> + <c>content</c>, errors <c>message</c> + <c>error</c>,
/// trees <c>id</c> + <c>role</c>, thread snapshots <c>id</c> + <c>messages</c>.
/// </remarks>
internal static class StreamLineParser
{
    internal const string AssistantRole = "assistant";

    /// <summary>Nesting allowed in a line; Era B tool loops nest the tree deeper than the default 64 allows for comfort.</summary>
    internal const int MaxDepth = 256;

    /// <param name="line">The line's bytes.</param>
    /// <param name="knownMessageId">
    /// The reply id already seen on this stream: every chunk repeats it, and reusing the string
    /// keeps a chunk's only allocation the text it carries.
    /// </param>
    /// <exception cref="JsonException">The line is not a JSON object (for example a truncated line).</exception>
    public static StreamLine Parse(ReadOnlySequence<byte> line, string? knownMessageId = null)
    {
        if (line.IsSingleSegment)
        {
            return Parse(line.FirstSpan, knownMessageId, knownPrefix: default);
        }

        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
        return ParseFull(ref reader, knownMessageId);
    }

    /// <param name="line">The line's bytes, in one piece.</param>
    /// <param name="knownMessageId">As for the other overload.</param>
    /// <param name="knownPrefix"><see cref="ChunkLineFastPath.PrefixFor"/> of <paramref name="knownMessageId"/>, or empty.</param>
    /// <exception cref="JsonException">The line is not a JSON object (for example a truncated line).</exception>
    public static StreamLine Parse(ReadOnlySpan<byte> line, string? knownMessageId, ReadOnlySpan<byte> knownPrefix)
    {
        if (ChunkLineFastPath.TryParse(line, knownMessageId, knownPrefix, out var chunk))
        {
            return chunk;
        }

        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
        return ParseFull(ref reader, knownMessageId);
    }

    private static StreamLine ParseFull(ref Utf8JsonReader reader, string? knownMessageId)
    {
        var wire = new WireLine();
        ReadTopLevel(ref reader, ref wire, knownMessageId);
        return Classify(in wire);
    }

    /// <summary>
    /// Reads the top-level keys by hand in one pass: nearly every line is a small chunk, and the
    /// serializer's <c>Deserialize(ref reader)</c> would first scan each value to its end. Only
    /// the nested message lists of snapshots go through the source-generated serializer.
    /// </summary>
    private static void ReadTopLevel(ref Utf8JsonReader reader, ref WireLine wire, string? knownMessageId)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream line must be a JSON object.");
        }

        // Chunk keys first, in the order the server sends them: nearly every line is a chunk.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                wire.Message = ReadKnownString(ref reader, knownMessageId);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                wire.Content = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("logprobs"u8))
            {
                reader.Read();
                reader.Skip();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                wire.Type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                wire.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                wire.Role = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                wire.Error = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                wire.Reason = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("errorCode"u8))
            {
                wire.ErrorCode = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("errorDescription"u8))
            {
                wire.ErrorDescription = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("errorSeverity"u8))
            {
                wire.ErrorSeverity = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                wire.FinishReason = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("final"u8))
            {
                reader.Read();
                wire.Final = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("children"u8))
            {
                reader.Read();
                wire.Children = ReadTreeNodes(ref reader);
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                reader.Read();
                wire.Messages = JsonSerializer.Deserialize(ref reader, AllenAIJsonContext.Default.ListFlatMessage);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("A stream line must be one complete JSON object.");
        }
    }

    /// <summary>
    /// A tree's <c>children</c> (null or an array of nodes), read by hand: the final tree carries the
    /// whole reply, and the serializer's <c>Deserialize(ref reader)</c> would scan (and validate)
    /// that text once more before reading it. Same rules as the serializer's contract for
    /// <see cref="TreeNode"/>: unknown keys skipped, a wrong type is a <see cref="JsonException"/>.
    /// </summary>
    private static List<TreeNode>? ReadTreeNodes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected the children array, found {reader.TokenType}.");
        }

        var nodes = new List<TreeNode>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            nodes.Add(ReadTreeNode(ref reader));
        }

        return nodes;
    }

    private static TreeNode ReadTreeNode(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a tree node object, found {reader.TokenType}.");
        }

        var node = new TreeNode();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                node.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                node.Role = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                node.Content = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("final"u8))
            {
                reader.Read();
                node.Final = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw new JsonException($"Expected true or false for final, found {reader.TokenType}."),
                };
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                node.FinishReason = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("children"u8))
            {
                reader.Read();
                node.Children = ReadTreeNodes(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return node;
    }

    /// <summary>Like <see cref="ReadString"/>, but returns <paramref name="known"/> itself when the value equals it.</summary>
    private static string? ReadKnownString(ref Utf8JsonReader reader, string? known)
    {
        if (known is not null && reader.Read())
        {
            // Ids are ASCII: compare the raw bytes, no transcoding of the known string per line.
            return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && Ascii.Equals(reader.ValueSpan, known)
                ? known
                : ReadCurrentString(ref reader);
        }

        return ReadString(ref reader);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return ReadCurrentString(ref reader);
    }

    private static string? ReadCurrentString(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.String => DecodeString(ref reader),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string or null, found {reader.TokenType}."),
        };

    /// <summary>Invalid UTF-8 is a corrupt line (g4f silently dropped such bytes); report it as one.</summary>
    private static string DecodeString(ref Utf8JsonReader reader)
    {
        // An escaped string (the final tree repeats the whole reply, escaped) in one pass of our own;
        // anything it declines gets the reader's own decoding and error.
        if (reader.ValueIsEscaped && !reader.HasValueSequence && JsonStringBody.TryDecode(reader.ValueSpan) is { } decoded)
        {
            return decoded;
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A string in the line is not valid UTF-8.", ex);
        }
    }

    private static StreamLine Classify(in WireLine wire)
    {
        switch (wire.Type)
        {
            case "start":
                return new StreamLine(StreamLineKind.Start, wire.Message);
            case "end":
                return new StreamLine(StreamLineKind.End, wire.Message);
            case "modelResponse":
                return new StreamLine(StreamLineKind.Text, wire.Message, wire.Content ?? "");
            case "thinking":
                return new StreamLine(StreamLineKind.Thinking, wire.Message, wire.Content ?? "");
            case "toolCall":
                return new StreamLine(StreamLineKind.ToolCall, wire.Message);
            case "error":
                return new StreamLine(StreamLineKind.TypedError, wire.Message, wire.ErrorDescription ?? "", wire.ErrorCode, wire.ErrorSeverity);
            case not null:
                return new StreamLine(StreamLineKind.Unknown, wire.Message, Type: wire.Type);
        }

        if (wire.Message is not null && wire.Error is not null)
        {
            return new StreamLine(StreamLineKind.ErrorLine, wire.Message, wire.Error, wire.Reason);
        }

        if (wire.Message is not null && wire.Content is not null)
        {
            return new StreamLine(StreamLineKind.Text, wire.Message, wire.Content);
        }

        if (wire.Id is not null && wire.Messages is not null)
        {
            return new StreamLine(StreamLineKind.Snapshot, Snapshot: FromThread(wire.Messages));
        }

        if (wire.Id is not null && wire.Role is not null)
        {
            var top = new TreeNode { Id = wire.Id, Role = wire.Role, Content = wire.Content, Final = wire.Final, FinishReason = wire.FinishReason, Children = wire.Children };
            return new StreamLine(StreamLineKind.Snapshot, Snapshot: FromTree(top));
        }

        return new StreamLine(StreamLineKind.Unknown);
    }

    /// <summary>
    /// The reply is the deepest assistant node: depth 1 (user → reply) or 2 when the model has a
    /// default system prompt (system → user → reply). g4f looked only one level down and lost it.
    /// </summary>
    private static ReplySnapshot FromTree(TreeNode top)
    {
        TreeNode? reply = null;
        var replyDepth = -1;
        var pending = new Stack<(TreeNode Node, int Depth)>();
        pending.Push((top, 0));
        while (pending.TryPop(out var entry))
        {
            if (entry.Node.Role == AssistantRole && entry.Depth > replyDepth)
            {
                reply = entry.Node;
                replyDepth = entry.Depth;
            }

            foreach (var child in entry.Node.Children ?? [])
            {
                pending.Push((child, entry.Depth + 1));
            }
        }

        return reply is null
            ? new ReplySnapshot(null, top.Final, null, null)
            : new ReplySnapshot(reply.Id, reply.Final, reply.FinishReason, reply.Content);
    }

    /// <summary>A thread lists messages depth-first with the reply last; take the last assistant entry.</summary>
    private static ReplySnapshot FromThread(List<FlatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message.Role == AssistantRole)
            {
                return new ReplySnapshot(message.Id, message.Final, message.FinishReason, message.Content);
            }
        }

        return new ReplySnapshot(null, messages.Count > 0 && messages[^1].Final, null, null);
    }
}
