namespace Providers.Host.Cli;

/// <summary>Standard output was closed by its reader (<c>host chat … | head -c 10</c>): nothing more can be delivered.</summary>
internal sealed class OutputClosedException(IOException cause)
    : IOException("standard output was closed; stopped reading the reply", cause);
