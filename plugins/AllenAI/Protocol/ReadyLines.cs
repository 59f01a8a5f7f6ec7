using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Providers.Abstractions;

namespace Providers.AllenAI.Protocol;

/// <summary>
/// The lines of the body already read, while the provider's iterator waits at a <c>yield return</c>:
/// <see cref="ReplyStream"/> takes their items from here directly, and resumes the iterator only
/// when they run out (to read the body on) or the stream ends.
/// </summary>
/// <remarks>
/// An async iterator step costs an execution-context save and restore and a value-task source
/// round trip per item; a read delivers hundreds of chunk lines, and most items need none of it.
/// A failure met here is handed back to the iterator, which throws it where it would have met it
/// itself, so it is translated and ends the stream exactly as before.
/// </remarks>
internal sealed class ReadyLines
{
    private JsonlLineReader? _lines;
    private ReplyAssembler? _assembler;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Offers the lines read so far while the iterator is suspended at a <c>yield return</c>.</summary>
    public void Open(JsonlLineReader lines, ReplyAssembler assembler)
    {
        _lines = lines;
        _assembler = assembler;
    }

    /// <summary>Ends the offer: the iterator runs again.</summary>
    public void Close()
    {
        _lines = null;
        _assembler = null;
    }

    /// <summary>The next item of the lines already read; false when there is none here (the iterator must run).</summary>
    public bool TryTake([NotNullWhen(true)] out ResponseItem? item)
    {
        item = null;
        if (_lines is null)
        {
            return false;
        }

        try
        {
            return TryNextItem(_lines, _assembler!, out item);
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            Close();
            return false;
        }
    }

    /// <summary>Throws, in the iterator, the failure met while taking items here.</summary>
    public void ThrowIfFailed()
    {
        var failure = _failure;
        _failure = null;
        failure?.Throw();
    }

    /// <summary>The item of the next line already read that yields one; false when the lines read so far are used up.</summary>
    public static bool TryNextItem(JsonlLineReader lines, ReplyAssembler assembler, [NotNullWhen(true)] out ResponseItem? item)
    {
        while (lines.TryReadLine(out var line))
        {
            if (assembler.Accept(line) is { } accepted)
            {
                item = accepted;
                return true;
            }
        }

        item = null;
        return false;
    }
}
