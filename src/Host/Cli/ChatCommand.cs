using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.Host.Conversations;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Cli;

/// <summary>
/// <c>host chat -m MODEL [--provider NAME] [--temperature T] [--top-p P] [--max-tokens N]
/// [--conversation FILE] [--thinking] [MESSAGE...]</c>: sends one user message and streams the reply.
/// </summary>
/// <remarks>
/// Standard output carries the reply byte for byte, flushed per chunk; reasoning (with
/// <c>--thinking</c>), logs and errors go to standard error. The conversation file is rewritten
/// only after a complete reply, atomically, so a failure or Ctrl+C leaves it as it was.
/// </remarks>
/// <param name="standardInput">Where the message is read from when none is given (or <c>-</c>).</param>
/// <param name="outputIsTerminal">Whether to end the reply with a newline for the next shell prompt.</param>
internal sealed class ChatCommand(Func<TextReader> standardInput, bool outputIsTerminal) : IHostCommand
{
    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Model id, alias, Provider/model or host alias (default when continuing: the conversation's model)",
            HelpName = "MODEL",
        };
        var provider = new Option<string?>("--provider") { Description = "Use only this provider", HelpName = "NAME" };
        var temperature = new Option<double?>("--temperature")
        {
            Description = "Sampling temperature",
            HelpName = "T",
            CustomParser = result => ParseNumber<double>(result, "a number", NumberStyles.Float, double.TryParse),
        };
        var topP = new Option<double?>("--top-p")
        {
            Description = "Nucleus sampling probability",
            HelpName = "P",
            CustomParser = result => ParseNumber<double>(result, "a number", NumberStyles.Float, double.TryParse),
        };
        var maxTokens = new Option<int?>("--max-tokens")
        {
            Description = "Upper bound on generated tokens",
            HelpName = "N",
            CustomParser = result => ParseNumber<int>(result, "a whole number", NumberStyles.Integer, int.TryParse),
        };
        var conversation = new Option<string?>("--conversation")
        {
            Description = "Continue the conversation in FILE if it exists; save it there after a complete reply",
            HelpName = "FILE",
        };
        var thinking = new Option<bool>("--thinking") { Description = "Show the model's reasoning on standard error" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log routing and provider decisions to standard error" };
        var message = new Argument<string[]>("MESSAGE")
        {
            Description = "The message (words are joined by spaces); none or '-' reads standard input",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("chat", "Send one message and stream the reply to standard output")
        {
            model, provider, temperature, topP, maxTokens, conversation, thinking, verbose, message,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            UnmatchedOptionCheck.ThrowIfAny(parseResult, message);
            var invocation = new ChatInvocation(
                parseResult.GetValue(model),
                parseResult.GetValue(provider),
                parseResult.GetValue(temperature),
                parseResult.GetValue(topP),
                parseResult.GetValue(maxTokens),
                parseResult.GetValue(conversation),
                parseResult.GetValue(thinking),
                parseResult.GetValue(message) ?? []);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;

            // Usage errors first, before plugins load or anything is sent.
            var previous = invocation.ConversationPath is { } path
                ? await ConversationFile.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                : null;
            if (string.IsNullOrWhiteSpace(invocation.Model) && previous is null)
            {
                throw new InvalidChatRequestException("model", "A model is required: -m MODEL (see 'host models').");
            }

            var text = await ReadMessageAsync(invocation.Message, error, cancellationToken).ConfigureAwait(false);

            // The failure itself is reported once, as one line; warnings about it would only repeat it.
            using var host = context.BuildHost(parseResult, parseResult.GetValue(verbose) ? LogLevel.Debug : LogLevel.Error);
            var router = CreateRouter(host.Services);
            var request = BuildRequest(invocation, previous, text, host.Services.GetRequiredService<IProviderCatalog>());
            try
            {
                return await StreamAsync(router, request, invocation, previous, output, error, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled) when (!cancellationToken.IsCancellationRequested)
            {
                // Not Ctrl+C (that is exit 130): a provider or its HTTP client gave up on its own.
                throw new ProviderException(previous?.Provider ?? request.Model,
                    $"The provider cancelled the request on its own (a timeout?): {cancelled.Message}", cancelled);
            }
        });
        return command;
    }

    private delegate bool NumberParser<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    // Numbers on the command line are invariant ("0.7" everywhere), and a bad one is named in plain words.
    private static T? ParseNumber<T>(ArgumentResult result, string expected, NumberStyles styles, NumberParser<T> parse)
        where T : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (parse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"{((OptionResult)result.Parent!).Option.Name}: expected {expected}, got '{text}'.");
        return null;
    }

    private async Task<string> ReadMessageAsync(string[] words, TextWriter error, CancellationToken cancellationToken)
    {
        string text;
        if (words.Length == 0 || words is ["-"])
        {
            var input = standardInput();
            if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
            {
                await error.WriteLineAsync("Type the message, then Ctrl+D.").ConfigureAwait(false);
            }

            // Console input reads synchronously and ignores the token once started; WaitAsync lets Ctrl+C end the wait.
            text = await input.ReadToEndAsync(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            text = string.Join(' ', words);
        }

        return string.IsNullOrWhiteSpace(text)
            ? throw new InvalidChatRequestException("message", "The message is empty.")
            : text;
    }

    private static RouterProvider CreateRouter(IServiceProvider services) => new(
        services.GetRequiredService<IProviderCatalog>(),
        services.GetService<IOptions<RoutingOptions>>()?.Value ?? new RoutingOptions(),
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        services.GetRequiredService<ILogger<RouterProvider>>());

    private static ChatRequest BuildRequest(ChatInvocation invocation, ConversationState? previous, string text, IProviderCatalog catalog)
    {
        var model = string.IsNullOrWhiteSpace(invocation.Model) ? null : invocation.Model;
        if (invocation.Provider is { } pinned)
        {
            var entry = catalog.Providers.FirstOrDefault(e => string.Equals(e.Name, pinned, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidChatRequestException("provider",
                    $"Unknown provider '{pinned}'. Known: {string.Join(", ", catalog.Providers.Select(e => e.Name))}.");

            // Resolve first (host aliases, Provider/model, chains), then keep only the pinned provider.
            var requested = model ?? $"{previous!.Provider}/{previous.Model}";
            var candidate = new ModelRouteResolver(catalog).Resolve(requested).FirstOrDefault(c => string.Equals(c.Name, entry.Name, StringComparison.Ordinal))
                ?? throw new InvalidChatRequestException("provider", $"Provider {entry.Name} does not serve '{requested}' or is not active.");
            model = $"{candidate.Name}/{candidate.ModelId}";
        }

        return new ChatRequest
        {
            Model = model ?? "",
            Messages = [.. previous?.Messages ?? [], new ChatMessage(ChatRole.User, text)],
            Temperature = invocation.Temperature,
            TopP = invocation.TopP,
            MaxTokens = invocation.MaxTokens,
            Conversation = previous,
        };
    }

    private async Task<int> StreamAsync(RouterProvider router, ChatRequest request, ChatInvocation invocation,
        ConversationState? previous, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var reasoningOpen = false;
        RouteSelected? route = null;
        ConversationState? next = null;
        FinishItem? finish = null;
        try
        {
            await foreach (var item in router.CreateAsyncGenerator(request, cancellationToken).ConfigureAwait(false))
            {
                switch (item)
                {
                    case TextDelta delta:
                        if (reasoningOpen)
                        {
                            await error.WriteLineAsync().ConfigureAwait(false);
                            reasoningOpen = false;
                        }

                        reply.Append(delta.Text);
                        await output.WriteAsync(delta.Text).ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case ReasoningDelta reasoning when invocation.ShowThinking:
                        reasoningOpen = true;
                        await error.WriteAsync(reasoning.Text).ConfigureAwait(false);
                        await error.FlushAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case ConversationUpdate update:
                        next = update.Conversation;
                        break;
                    case RouteSelected selected:
                        route = selected;
                        break;
                    case FinishItem finished:
                        finish = finished;
                        break;
                }
            }
        }
        finally
        {
            // Keep the shell prompt off the reply's last line, even after a failure.
            if (outputIsTerminal && reply.Length > 0)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
            }
        }

        if (invocation.ConversationPath is { } path && finish is not null)
        {
            next ??= new ConversationState
            {
                Provider = route?.Provider ?? previous?.Provider ?? "",
                Model = route?.Model ?? previous?.Model ?? request.Model,
                Messages = [.. request.Messages, new ChatMessage(ChatRole.Assistant, reply.ToString())],
            };
            await ConversationFile.WriteAtomicallyAsync(path, next, cancellationToken).ConfigureAwait(false);
        }

        if (finish?.Reason == FinishReason.Length)
        {
            await error.WriteLineAsync("host: the reply was cut off at the token limit (finish reason: length).").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private sealed record ChatInvocation(
        string? Model,
        string? Provider,
        double? Temperature,
        double? TopP,
        int? MaxTokens,
        string? ConversationPath,
        bool ShowThinking,
        string[] Message);
}
