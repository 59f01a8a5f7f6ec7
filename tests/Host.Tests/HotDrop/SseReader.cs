using System.Text;
using System.Text.Json;

namespace Providers.Host.Tests.HotDrop;

/// <summary>Reads a chat completion stream event by event, as it arrives.</summary>
internal sealed class SseReader(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    /// <summary>Every content delta read so far, concatenated.</summary>
    public StringBuilder Text { get; } = new();

    /// <summary>The last chunk's <c>finish_reason</c>, once read.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Whether <c>data: [DONE]</c> was read.</summary>
    public bool Done { get; private set; }

    /// <summary>Reads events until the text read so far is <paramref name="text"/> (or the stream ends).</summary>
    public async Task ReadUntilTextAsync(string text)
    {
        while (Text.ToString() != text && await ReadEventAsync())
        {
        }
    }

    /// <summary>Reads to the end of the stream.</summary>
    public async Task ReadToEndAsync()
    {
        while (await ReadEventAsync())
        {
        }
    }

    private async Task<bool> ReadEventAsync()
    {
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                Done = true;
                return true;
            }

            using var document = JsonDocument.Parse(data);
            var choice = document.RootElement.GetProperty("choices")[0];
            if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { } piece)
            {
                Text.Append(piece);
            }

            if (choice.GetProperty("finish_reason").GetString() is { } finish)
            {
                FinishReason = finish;
            }

            return true;
        }

        return false;
    }

    public void Dispose() => _reader.Dispose();
}
