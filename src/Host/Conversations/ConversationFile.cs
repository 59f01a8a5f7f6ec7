using System.Text.Json;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Conversations;

/// <summary>Reads and atomically writes the <c>host chat --conversation FILE</c> document.</summary>
internal static class ConversationFile
{
    /// <summary>The largest conversation file read; a long conversation is text, and far smaller.</summary>
    public const long MaxBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Returns the stored conversation, or null when <paramref name="path"/> does not exist; either
    /// way checks that the file can be written back, since that happens only after the reply.
    /// </summary>
    /// <exception cref="ConversationFileException">
    /// The file exists but is not a regular file, cannot be read or is not a conversation, or it (or its folder) cannot be written.
    /// </exception>
    public static async Task<ConversationState?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[]? bytes;
        try
        {
            bytes = await RegularFile.ReadAllBytesAsync(path, MaxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            bytes = null; // A new conversation; whether it can be written is checked below.
        }
        catch (InvalidDataException ex)
        {
            throw new ConversationFileException(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConversationFileException(path, $"cannot read: {ex.Message}", ex);
        }

        EnsureWritable(path, exists: bytes is not null);
        if (bytes is null)
        {
            return null;
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

    // Checked before the request is sent: failing after the reply would lose it and move the upstream thread on.
    private static void EnsureWritable(string path, bool exists)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        try
        {
            if (exists)
            {
                using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    // Opened for writing without truncating: the file stays as it is.
                }
            }

            // The reply is written beside the file and moved over it, so the folder must take a new file.
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConversationFileException(path, $"cannot be written (it is saved after the reply): {ex.Message}", ex);
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
