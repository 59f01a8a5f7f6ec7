using System.CommandLine;
using System.CommandLine.Invocation;
using Providers.Host.Routing;

namespace Providers.Host.Cli;

/// <summary>The <c>host</c> command line: builds the root from <see cref="Commands"/> and maps failures to exit codes.</summary>
internal static class HostCommandLine
{
    /// <summary>Every top-level command; a new command is one file plus one entry here.</summary>
    public static IReadOnlyList<IHostCommand> Commands { get; } =
    [
        new ProvidersCommand(),
        new PluginsCommand(),
        new ModelsCommand(),
        new ChatCommand(() => Console.In, outputIsTerminal: !Console.IsOutputRedirected),
        new ServeCommand(),
    ];

    public static RootCommand CreateRootCommand(IEnumerable<IHostCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var root = new RootCommand("Lists, routes and serves LLM providers loaded from plugin folders.");
        var context = new HostCommandContext(new GlobalOptions());
        context.GlobalOptions.AddTo(root);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new HostVersionAction();
        }

        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Create(context));
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; what <c>Program</c> calls, and what tests call in-process.</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(Commands, args, output, error, cancellationToken);

    /// <summary>Like <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> with a chosen command set (tests).</summary>
    public static async Task<int> RunAsync(IEnumerable<IHostCommand> commands, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var parseResult = CreateRootCommand(commands).Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            // System.CommandLine would print help and exit 1; the contract says one-line errors and exit 2.
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"host: {parseError.Message}");
            }

            await error.WriteLineAsync("Run 'host --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // Ctrl+C cancels the action's token; serve needs longer than the default 2 s to drain its streams.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
        };
        try
        {
            var exitCode = await parseResult.InvokeAsync(invocation, cancellationToken);
            Flush(output);
            return exitCode;
        }
#pragma warning disable CA1031 // The top of the CLI: users get one line and an exit code, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var (exitCode, message) = Classify(ex);
            await error.WriteLineAsync($"host: {message}");
            return exitCode;
        }
    }

    /// <summary>The exit code is <see cref="FailureClassifier"/>'s; any cancellation reaching here is Ctrl+C.</summary>
    private static (int ExitCode, string Message) Classify(Exception exception) => FailureClassifier.Classify(exception, cancelledByCaller: true) switch
    {
        { } when exception is OutputClosedException => (ExitCodes.ProviderFailure, exception.Message),
        { Kind: FailureKind.Cancelled } failure => (failure.ExitCode, "interrupted"),
        { Kind: FailureKind.Internal } failure => (failure.ExitCode, $"internal error: {exception.GetType().Name}: {OneLine(exception)}"),
        var failure => (failure.ExitCode, OneLine(exception)),
    };

    // Commands write standard output through a buffer (StandardOutput); what is left goes out here,
    // synchronously: nothing else is left to do, and an asynchronous write to the synchronous
    // descriptor is handed to the thread pool, which a listing would start for this write alone.
    private static void Flush(TextWriter output)
    {
        try
        {
            output.Flush();
        }
        catch (IOException closed) when (closed is not OutputClosedException)
        {
            throw new OutputClosedException(closed);
        }
    }

    private static string OneLine(Exception exception) => exception.Message.ReplaceLineEndings(" ");
}
