using System.Runtime.InteropServices;
using System.Text;

namespace Providers.Host.Configuration;

/// <summary>Reads a file only when it is a regular file of sane size, so a FIFO, a device or a huge file cannot hang or exhaust the host.</summary>
/// <remarks>
/// Opening a FIFO blocks until a writer comes, and <c>/dev/zero</c> never ends, so the type is
/// checked with <c>stat</c> before the file is opened, and the read stops one byte past the limit
/// whatever the size claimed. .NET exposes no file type on Unix; the runtime's own native shim
/// (libSystem.Native, shipped with every .NET runtime) gives <c>st_mode</c> without a package.
/// </remarks>
internal static class RegularFile
{
    private const int _typeMask = 0xF000;
    private const int _regularType = 0x8000;
    private const int _directoryType = 0x4000;

    /// <summary>Why <paramref name="path"/> (an existing path) is not a regular file, or null when it is one.</summary>
    public static string? ProblemWith(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(path) ? "is a folder, not a file" : null;
        }

        if (Stat(Encoding.UTF8.GetBytes(path + "\0"), out var status) != 0)
        {
            return null; // Missing or unreachable: the open that follows reports it in its own words.
        }

        return (status.Mode & _typeMask) switch
        {
            _regularType => null,
            _directoryType => "is a folder, not a file",
            _ => "is not a regular file (a FIFO, socket or device); only regular files are read",
        };
    }

    /// <summary>The bytes of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a regular file, or larger than <paramref name="maxBytes"/>; the message says which.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var stream = Open(path);
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            Append(bytes, buffer, read, maxBytes);
        }

        return bytes.ToArray();
    }

    /// <summary>Like <see cref="ReadAllBytesAsync"/>, for the synchronous configuration load.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = Open(path);
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            Append(bytes, buffer, read, maxBytes);
        }

        return bytes.ToArray();
    }

    private static FileStream Open(string path) =>
        ProblemWith(path) is { } problem
            ? throw new InvalidDataException(problem)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);

    // The limit is checked on what arrives, not on the size the file claims (/proc files claim 0).
    private static void Append(MemoryStream bytes, byte[] buffer, int read, long maxBytes)
    {
        if (bytes.Length + read > maxBytes)
        {
            throw new InvalidDataException($"is larger than {Describe(maxBytes)}, the most read");
        }

        bytes.Write(buffer, 0, read);
    }

    public static string Describe(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";

    // SystemNative_Stat follows links like stat(2); Mode keeps the S_IFMT bits. The struct is read
    // only as far as Mode, and the buffer is larger than the runtime's, so additions cannot overrun.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat(byte[] nullTerminatedUtf8Path, out FileStatusPrefix status);

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatusPrefix
    {
        public int Flags;
        public int Mode;
    }
}
