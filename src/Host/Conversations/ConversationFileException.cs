using Providers.Host.Configuration;

namespace Providers.Host.Conversations;

/// <summary>A conversation file exists but cannot be used; a usage error (exit code 2).</summary>
internal sealed class ConversationFileException(string path, string problem, Exception? innerException = null)
    : UsageException($"{path}: {problem}", innerException)
{
    public string Path { get; } = path;
}
