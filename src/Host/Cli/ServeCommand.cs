using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Providers.Host.Hosting;
using Providers.Host.Server;

namespace Providers.Host.Cli;

/// <summary><c>host serve [--urls URL] [--api-key KEY]</c>: the OpenAI-compatible server over this invocation's plugins, until interrupted.</summary>
internal sealed class ServeCommand : IHostCommand
{
    public const string ApiKeyVariable = "PROVIDERS_API_KEY";

    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var urls = new Option<string>("--urls")
        {
            Description = "Semicolon-separated URLs to listen on.",
            DefaultValueFactory = _ => ServerOptions.DefaultUrls,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"Require 'Authorization: Bearer <key>' (default: ${ApiKeyVariable}; prefer the variable, arguments show in process lists).",
        };
        var command = new Command("serve", "Serve the OpenAI-compatible HTTP API") { urls, apiKey };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Urls = parseResult.GetValue(urls) ?? ServerOptions.DefaultUrls,
                ApiKey = NullIfEmpty(parseResult.GetValue(apiKey)) ?? NullIfEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)),
            };
            var error = parseResult.InvocationConfiguration.Error;
            // An invalid configuration throws here, before anything binds: exit code 2 like every command.
            var app = ServerHost.Build(context.ReadSettings(parseResult), options, error);
            return RunAsync(app, options.Urls, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires, then drains running streams within the shutdown bound; disposes <paramref name="app"/>.</summary>
    /// <returns>
    /// <see cref="ExitCodes.Interrupted"/> after an interrupt (as every command), <see cref="ExitCodes.ProviderFailure"/> when
    /// the address cannot be bound, <see cref="ExitCodes.Usage"/> for a malformed URL.
    /// </returns>
    public static async Task<int> RunAsync(WebApplication app, string urls, TextWriter standardError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(standardError);
        await using (app.ConfigureAwait(false))
        {
            // Checked before the server starts, whose own failure log would add a second error line.
            if (FirstMalformedUrl(urls) is { } malformed)
            {
                await standardError.WriteLineAsync($"host serve: invalid --urls '{urls}': {malformed}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (IOException error)
            {
                await standardError.WriteLineAsync($"host serve: cannot listen on {urls}: {error.Message}").ConfigureAwait(false);
                return ExitCodes.ProviderFailure;
            }
            catch (Exception error) when (error is FormatException or InvalidOperationException or UriFormatException)
            {
                await standardError.WriteLineAsync($"host serve: invalid --urls '{urls}': {error.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await standardError.WriteLineAsync($"host serve: listening on {string.Join(", ", app.Urls)} (Ctrl+C to stop)").ConfigureAwait(false);

            // Stopping waits for running requests up to ServerOptions.ShutdownTimeout, then aborts them,
            // which cancels their upstream calls through RequestAborted.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        }
    }

    private static string? FirstMalformedUrl(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                _ = BindingAddress.Parse(url);
            }
            catch (FormatException error)
            {
                return error.Message;
            }
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
