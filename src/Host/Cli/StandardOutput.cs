using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Providers.Host.Cli;

/// <summary>The process's standard output as the commands write it: buffered, UTF-8, and loud when its reader has gone.</summary>
/// <remarks>
/// <see cref="Console.Out"/> writes through on every call (a system call per streamed chunk) and
/// silently drops writes to a closed pipe, so <c>host chat … | head -c 10</c> would read the whole
/// upstream for nobody. A file stream over descriptor 1 reports the closed pipe as an <see cref="IOException"/>.
/// </remarks>
internal static class StandardOutput
{
    private const int _bufferChars = 16 * 1024;

    /// <summary>A writer the caller flushes: <see cref="HostCommandLine"/> at the end of every command, <c>chat</c> whenever the stream pauses.</summary>
    public static TextWriter Open() =>
        new StreamWriter(OpenStream(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), _bufferChars) { AutoFlush = false };

    private static Stream OpenStream()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                return new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            }
            catch (Exception error) when (error is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // Descriptor 1 closed or unusable: fall back to what the console offers.
            }
        }

        return Console.OpenStandardOutput();
    }
}
