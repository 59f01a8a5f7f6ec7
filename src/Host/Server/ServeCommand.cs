using System.CommandLine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Host.Configuration;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Server;

/// <summary><c>host serve [--urls URL] [--api-key KEY]</c>: runs the HTTP server until interrupted.</summary>
internal static class ServeCommand
{
    public const string ApiKeyVariable = "PROVIDERS_API_KEY";

    /// <summary>Creates the command; the composition root supplies the services once the global options are parsed.</summary>
    /// <param name="resolveServices">
    /// Returns the services built from <c>--config</c>/<c>--plugins</c>: an <see cref="IProviderCatalog"/> (required),
    /// and optionally <see cref="IOptions{RoutingOptions}"/>, <see cref="ILoggerFactory"/> (logs to stderr) and
    /// <see cref="TimeProvider"/>.
    /// </param>
    /// <param name="standardError">Where a bind failure is reported (one line); null means the invocation's error writer.</param>
    public static Command Create(Func<ParseResult, IServiceProvider> resolveServices, TextWriter? standardError = null)
    {
        ArgumentNullException.ThrowIfNull(resolveServices);
        var urls = new Option<string>("--urls")
        {
            Description = "Semicolon-separated URLs to listen on.",
            DefaultValueFactory = _ => ServerOptions.DefaultUrls,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"Require 'Authorization: Bearer <key>' (default: ${ApiKeyVariable}; prefer the variable, arguments show in process lists).",
        };
        var corsOrigins = new Option<string[]>("--cors-origin")
        {
            Description = "Allow browser apps from this origin (CORS); repeatable, '*' for any (default: serve.corsOrigins, else off).",
            Arity = ArgumentArity.OneOrMore,
        };
        corsOrigins.Validators.Add(result =>
        {
            foreach (var origin in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ServeSection.CorsOriginProblem(origin) is { } problem)
                {
                    result.AddError($"--cors-origin: {problem}");
                }
            }
        });
        var command = new Command("serve", "Serve the OpenAI-compatible HTTP API") { urls, apiKey, corsOrigins };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var services = resolveServices(parseResult);
            try
            {
                return await RunAsync(
                    services,
                    new ServerOptions
                    {
                        Urls = parseResult.GetValue(urls) ?? ServerOptions.DefaultUrls,
                        ApiKey = NullIfEmpty(parseResult.GetValue(apiKey)) ?? NullIfEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)),
                        CorsOrigins = CorsOrigins(parseResult.GetValue(corsOrigins), services),
                    },
                    standardError ?? parseResult.InvocationConfiguration.Error,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                (services as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires, then drains running streams within the shutdown bound.</summary>
    /// <returns>130 after an interrupt (as every command), 1 when the address cannot be bound, 2 for a malformed URL.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, ServerOptions options, TextWriter standardError,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(standardError);
        // Checked before the host starts, whose own failure log would add a second error line.
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                _ = BindingAddress.Parse(url);
            }
            catch (FormatException error)
            {
                await standardError.WriteLineAsync($"host serve: invalid --urls '{options.Urls}': {error.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        var app = ServerApp.Create(
            services.GetRequiredService<IProviderCatalog>(),
            options,
            services.GetService<IOptions<RoutingOptions>>()?.Value ?? new RoutingOptions(),
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>());
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
            catch (IOException error)
            {
                await standardError.WriteLineAsync($"host serve: cannot listen on {options.Urls}: {error.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception error) when (error is FormatException or InvalidOperationException or UriFormatException)
            {
                await standardError.WriteLineAsync($"host serve: invalid --urls '{options.Urls}': {error.Message}").ConfigureAwait(false);
                return 2;
            }

            await standardError.WriteLineAsync($"host serve: listening on {string.Join(", ", app.Urls)} (Ctrl+C to stop)").ConfigureAwait(false);

            // Stopping waits for running requests up to ServerOptions.ShutdownTimeout, then aborts them,
            // which cancels their upstream calls through RequestAborted.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? 130 : 0;
        }
    }

    // The command line replaces the config file's list rather than adding to it, as every option does.
    private static IReadOnlyList<string> CorsOrigins(string[]? fromCommandLine, IServiceProvider services) =>
        fromCommandLine is { Length: > 0 } ? [.. fromCommandLine.Select(o => o.TrimEnd('/'))]
        : services.GetService<HostConfiguration>() is { } config ? ServeSection.ReadCorsOrigins(config.Root, config.Sources)
        : [];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
