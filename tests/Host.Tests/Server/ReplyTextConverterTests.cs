using System.Text.Json;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Tests.Server;

/// <summary>A reply written in segments is byte for byte the JSON string of the joined text.</summary>
public sealed class ReplyTextConverterTests
{
    public static TheoryData<string[]> Replies => new()
    {
        { [] },
        { ["ok"] },
        { ["a \"quoted\"\\ line\n", "\ttab \u0001 \u2028 é ü 中文"] },
        // An emoji across the converter's 1024-character slices and across two provider pieces.
        { [new string('x', 1023) + "👋" + new string('y', 3000) + "\uD83D", "\uDC4B end"] },
        { [string.Concat(Enumerable.Repeat("é😀\"<>&", 2000))] },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Write_Pieces_SameBytesAsTheJoinedString(string[] pieces)
    {
        var reply = new ReplyText();
        foreach (var piece in pieces)
        {
            reply.Append(piece);
        }

        Assert.Equal(Written(w => w.WriteStringValue(string.Concat(pieces))),
            Written(w => new ReplyTextConverter().Write(w, reply, ServerJsonContext.Wire.Options)));
        Assert.Equal(pieces.Sum(p => p.Length), reply.Length);
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ServerJsonContext.WireEncoder }))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
