namespace Providers.Host.Cli;

/// <summary>The process exit codes, as README.md documents them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The provider or the network failed.</summary>
    public const int ProviderFailure = 1;

    /// <summary>Bad usage or input: unknown command or option, unknown model, invalid config.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
