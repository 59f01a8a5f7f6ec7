using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Server;

namespace Providers.Host.Cli;

/// <summary><c>host serve [--urls URL] [--api-key KEY] [--allow-unauthenticated] [--cors-origin ORIGIN]...</c>: the OpenAI-compatible server over this invocation's plugins, until interrupted.</summary>
internal sealed class ServeCommand : IHostCommand
{
    public const string ApiKeyVariable = ServerOptions.ApiKeyVariable;

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
        var allowUnauthenticated = new Option<bool>("--allow-unauthenticated") { Description = "Serve addresses beyond loopback without an API key." };
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
        var maxConcurrent = new Option<int>("--max-concurrent-requests")
        {
            Description = "Chat requests served at once (a stream holds its slot until it ends); more wait in the queue.",
            HelpName = "N",
            DefaultValueFactory = _ => new ServerOptions().MaxConcurrentRequests,
        };
        maxConcurrent.Validators.Add(result => RequireAtLeast(result, 1));
        var maxQueued = new Option<int>("--max-queued-requests")
        {
            Description = "Chat requests that may wait for a slot; beyond that the answer is 503 with Retry-After.",
            HelpName = "N",
            DefaultValueFactory = _ => new ServerOptions().MaxQueuedRequests,
        };
        maxQueued.Validators.Add(result => RequireAtLeast(result, 0));
        var command = new Command("serve", "Serve the OpenAI-compatible HTTP API")
        {
            urls, apiKey, allowUnauthenticated, corsOrigins, maxConcurrent, maxQueued,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var (key, keyError) = ListenPolicy.ResolveApiKey(parseResult.GetValue(apiKey), Environment.GetEnvironmentVariable(ApiKeyVariable));
            if (keyError is not null)
            {
                await error.WriteLineAsync($"host serve: {keyError}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var options = new ServerOptions
            {
                Urls = parseResult.GetValue(urls) ?? ServerOptions.DefaultUrls,
                ApiKey = key,
                AllowUnauthenticated = parseResult.GetValue(allowUnauthenticated),
                CorsOrigins = [.. (parseResult.GetValue(corsOrigins) ?? []).Select(o => o.TrimEnd('/'))],
                MaxConcurrentRequests = parseResult.GetValue(maxConcurrent),
                MaxQueuedRequests = parseResult.GetValue(maxQueued),
            };
            // Refused before plugins load: nothing is served, and nothing is loaded for nothing.
            if (await RefuseAsync(options, error).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            // An invalid configuration throws here, before anything binds: exit code 2 like every command.
            var app = ServerHost.Build(context.ReadSettings(parseResult), options, error);
            return await RunAsync(app, options, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static void RequireAtLeast(OptionResult result, int minimum)
    {
        if (result.GetValueOrDefault<int>() < minimum)
        {
            result.AddError($"{result.Option.Name}: expected a whole number of at least {minimum}.");
        }
    }

    /// <summary>The exit code for options that must not be served (a malformed URL, exposure without a key); null when they may.</summary>
    public static async Task<int?> RefuseAsync(ServerOptions options, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(standardError);
        // Checked before the server starts, whose own failure log would add a second error line.
        if (FirstMalformedUrl(options.Urls) is { } malformed)
        {
            await standardError.WriteLineAsync($"host serve: invalid --urls '{options.Urls}': {malformed}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (ListenPolicy.CheckExposure(options.Urls, options.ApiKey is not null, options.AllowUnauthenticated) is { } exposure)
        {
            await standardError.WriteLineAsync($"host serve: {exposure}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return null;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires, then drains running streams within the shutdown bound; disposes <paramref name="app"/>.</summary>
    /// <remarks>The options have passed <see cref="RefuseAsync"/> (the command checks them before plugins load).</remarks>
    /// <returns>
    /// <see cref="ExitCodes.Interrupted"/> after an interrupt (as every command), <see cref="ExitCodes.ProviderFailure"/> when
    /// the address cannot be bound, <see cref="ExitCodes.Usage"/> for an address Kestrel refuses.
    /// </returns>
    public static async Task<int> RunAsync(WebApplication app, ServerOptions options, TextWriter standardError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(standardError);
        var urls = options.Urls;
        await using (app.ConfigureAwait(false))
        {
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

            await standardError.WriteLineAsync($"host serve: listening on {ListenPolicy.Describe(app.Urls, urls, options.ApiKey is not null)} (Ctrl+C to stop)")
                .ConfigureAwait(false);

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
}
