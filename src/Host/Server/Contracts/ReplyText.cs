using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>A non-stream reply's text as the pieces the provider yielded, written as one JSON string without joining them.</summary>
/// <remarks>
/// Joining a 1 MiB reply costs two UTF-16 copies (the builder and its string, 2 MiB each on the
/// large object heap) and writing it as one string asks the response pipe for three bytes per
/// character at once; the pieces are the provider's own strings, written slice by slice.
/// </remarks>
[JsonConverter(typeof(ReplyTextConverter))]
internal sealed class ReplyText
{
    private readonly List<string> _pieces = [];

    /// <summary>The characters held so far.</summary>
    public long Length { get; private set; }

    public IReadOnlyList<string> Pieces => _pieces;

    public void Append(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (piece.Length > 0)
        {
            _pieces.Add(piece);
            Length += piece.Length;
        }
    }

    public override string ToString() => string.Concat(_pieces);
}
