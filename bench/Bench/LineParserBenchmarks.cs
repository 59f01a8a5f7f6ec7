using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Providers.AllenAI.Protocol;

namespace Providers.Bench;

/// <summary>
/// The plugin's reader (JsonlLineReader framing on raw bytes + Utf8JsonReader) against the obvious
/// baseline (StreamReader.ReadLineAsync + JsonDocument per line), on the same 100k-chunk body.
/// Both extract the text deltas and the reply id.
/// </summary>
[MemoryDiagnoser]
public class LineParserBenchmarks
{
    private byte[] _body = [];

    [Params(100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = EraAStream.Create(Chunks).Body;
        // Both sides must do the same work, or the ratio means nothing.
        var baseline = StreamReaderAndJsonDocument().GetAwaiter().GetResult();
        var ours = JsonlLineReaderAndStreamLineParser().GetAwaiter().GetResult();
        if (baseline != ours)
        {
            throw new InvalidOperationException($"The benchmarks disagree: {baseline} vs {ours} characters.");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> StreamReaderAndJsonDocument()
    {
        using var reader = new StreamReader(new MemoryStream(_body, writable: false), Encoding.UTF8);
        var characters = 0;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("message", out _) && root.TryGetProperty("content", out var content))
            {
                characters += content.GetString()!.Length;
            }
            else if (root.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                characters += children[0].GetProperty("id").GetString()!.Length;
            }
        }

        return characters;
    }

    [Benchmark]
    public async Task<int> JsonlLineReaderAndStreamLineParser()
    {
        using var lines = new JsonlLineReader(new MemoryStream(_body, writable: false), 16 * 1024 * 1024, bufferBytes: 64 * 1024);
        var characters = 0;
        string? replyId = null;
        byte[] chunkPrefix = [];
        while (await lines.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (lines.TryReadLine(out var line))
            {
                // As the provider's ReplyAssembler does: once the reply id is known, chunk lines are
                // recognised by their whole head.
                var parsed = StreamLineParser.Parse(line, replyId, chunkPrefix);
                if (replyId is null && parsed.MessageId is { } id)
                {
                    replyId = id;
                    chunkPrefix = ChunkLineFastPath.PrefixFor(id);
                }

                characters += parsed.Kind == StreamLineKind.Text ? parsed.Text!.Length : parsed.Snapshot?.ReplyId?.Length ?? 0;
            }
        }

        return characters;
    }
}
