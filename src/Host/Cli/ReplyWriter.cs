using System.Globalization;
using Providers.Abstractions;

namespace Providers.Host.Cli;

/// <summary>Where <c>host chat</c> puts a reply: text on standard output, reasoning and notes on standard error.</summary>
/// <remarks>
/// Text is only appended to the output's buffer; <see cref="FlushAsync"/> hands it on, and the
/// streamer calls it when no further item is ready, so a burst of chunks costs one write and a
/// lone token still reaches the reader at once. A closed output becomes <see cref="OutputClosedException"/>.
/// </remarks>
/// <param name="output">Standard output: the reply, byte for byte.</param>
/// <param name="error">Standard error.</param>
/// <param name="showThinking">Whether reasoning is written (to <paramref name="error"/>).</param>
/// <param name="outputIsTerminal">Whether to end the reply with a newline for the next shell prompt.</param>
internal sealed class ReplyWriter(TextWriter output, TextWriter error, bool showThinking, bool outputIsTerminal)
{
    private bool _wroteText;
    private bool _textUnflushed;
    private bool _reasoningOpen;

    public async ValueTask WriteAsync(ResponseItem item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case TextDelta delta:
                if (_reasoningOpen)
                {
                    await error.WriteLineAsync().ConfigureAwait(false);
                    _reasoningOpen = false;
                }

                await GuardAsync(output.WriteAsync(delta.Text)).ConfigureAwait(false);
                _wroteText |= delta.Text.Length > 0;
                _textUnflushed = true;
                break;
            case ReasoningDelta reasoning when showThinking:
                if (_textUnflushed)
                {
                    // Keeps the two streams in order on a terminal that shows both.
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                _reasoningOpen = true;
                await error.WriteAsync(reasoning.Text).ConfigureAwait(false);
                await error.FlushAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <exception cref="OutputClosedException">Standard output's reader has gone.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            _textUnflushed = false;
        }
        catch (IOException closed) when (closed is not OutputClosedException)
        {
            throw new OutputClosedException(closed);
        }
    }

    /// <summary>Ends the reply, after a failure too: the shell prompt goes on a line of its own.</summary>
    public async ValueTask EndAsync(CancellationToken cancellationToken)
    {
        if (outputIsTerminal && _wroteText)
        {
            await GuardAsync(output.WriteLineAsync()).ConfigureAwait(false);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One line on standard error, e.g. <c>host: tokens: 12 prompt, 34 completion, 46 total</c>; unknown counts are left out.</summary>
    public Task WriteUsageAsync(UsageItem usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        string?[] parts =
        [
            Count(usage.PromptTokens, "prompt"),
            Count(usage.CompletionTokens, "completion"),
            Count(usage.TotalTokens, "total"),
        ];
        var known = parts.OfType<string>().ToArray();
        return known.Length == 0 ? Task.CompletedTask : error.WriteLineAsync($"host: tokens: {string.Join(", ", known)}");
    }

    private static string? Count(int? tokens, string what) =>
        tokens is { } value ? $"{value.ToString(CultureInfo.InvariantCulture)} {what}" : null;

    private static async Task GuardAsync(Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (IOException closed) when (closed is not OutputClosedException)
        {
            // A full buffer writes through; that is where a closed pipe shows up between flushes.
            throw new OutputClosedException(closed);
        }
    }
}
