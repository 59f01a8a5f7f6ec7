using System.Text.Json;
using Providers.Abstractions;

namespace Providers.Host.Conversations;

/// <summary>Reads and atomically writes the <c>host chat --conversation FILE</c> document.</summary>
internal static class ConversationFile
{
    /// <summary>Returns the stored conversation, or null when <paramref name="path"/> does not exist.</summary>
    /// <exception cref="ConversationFileException">The file exists but cannot be read or is not a conversation.</exception>
    public static async Task<ConversationState?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConversationFileException(path, $"cannot read: {ex.Message}", ex);
        }

        try
        {
            var state = ConversationState.FromJson(bytes);
            if (state.Messages.Count == 0 || state.Messages[^1].Role != ChatRole.Assistant)
            {
                throw new JsonException("it must hold at least one complete exchange ending with the assistant's reply");
            }

            return state;
        }
        catch (JsonException ex)
        {
            throw new ConversationFileException(path, $"not a conversation file: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Writes <paramref name="state"/> beside <paramref name="path"/> and moves it over the target,
    /// so a failure at any point leaves the previous file byte-identical.
    /// </summary>
    public static async Task WriteAtomicallyAsync(string path, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(state);
        // Through a symlink to the real file, so the rename replaces the file and not the link.
        var full = Path.GetFullPath(path);
        if (new FileInfo(full).LinkTarget is not null)
        {
            full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }

        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The file holds the anonymous id that owns the thread upstream: keep the user's
            // permissions on a rewrite, and make a new one private to its owner.
            options.UnixCreateMode = File.Exists(full) ? File.GetUnixFileMode(full) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(state.ToJsonBytes(), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                // Durable before the rename: a crash must not leave an empty file under the real name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the target is untouched either way.
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
