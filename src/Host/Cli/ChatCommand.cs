using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Conversations;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Cli;

/// <summary>
/// <c>host chat -m MODEL [--provider NAME] [--temperature T] [--top-p P] [--max-tokens N]
/// [--conversation FILE] [--thinking] [-v] [MESSAGE...]</c>: sends one user message and streams the reply.
/// </summary>
/// <remarks>
/// Standard output carries the reply byte for byte, written whenever the stream pauses (<see cref="ReplyWriter"/>);
/// reasoning (with <c>--thinking</c>), logs, token usage (with <c>-v</c>) and errors go to standard error.
/// The conversation file is rewritten only after a complete reply, atomically, so a failure or
/// Ctrl+C leaves it as it was.
/// </remarks>
/// <param name="standardInput">Where the message is read from when none is given (or <c>-</c>).</param>
/// <param name="outputIsTerminal">Whether to end the reply with a newline for the next shell prompt.</param>
internal sealed class ChatCommand(Func<TextReader> standardInput, bool outputIsTerminal) : IHostCommand
{
    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new ChatOptions();
        var command = options.CreateCommand();
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, options.Read(parseResult), cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(HostCommandContext context, ParseResult parseResult, ChatInvocation invocation, CancellationToken cancellationToken)
    {
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
        var services = context.BuildServices(parseResult, invocation.Verbose ? LogLevel.Debug : LogLevel.Error);
        await using (services.ConfigureAwait(false))
        {
            var request = BuildRequest(invocation, previous, text, services.GetRequiredService<IProviderCatalog>());
            var writer = new ReplyWriter(parseResult.InvocationConfiguration.Output, error, invocation.ShowThinking, outputIsTerminal);
            var reply = await StreamAsync(services.GetRequiredService<RouterProvider>(), request, writer, previous, cancellationToken).ConfigureAwait(false);
            await SaveConversationAsync(invocation, previous, request, reply, cancellationToken).ConfigureAwait(false);
            await ReportAsync(invocation, reply, writer, error).ConfigureAwait(false);
            return ExitCodes.Success;
        }
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

    private static ChatRequest BuildRequest(ChatInvocation invocation, ConversationState? previous, string text, IProviderCatalog catalog)
    {
        var model = string.IsNullOrWhiteSpace(invocation.Model) ? null : invocation.Model;
        if (invocation.Provider is { } pinned)
        {
            model = PinnedModel(catalog, pinned, model ?? $"{previous!.Provider}/{previous.Model}");
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

    // Resolve first (host aliases, Provider/model, chains), then keep only the pinned provider.
    private static string PinnedModel(IProviderCatalog catalog, string pinned, string requested)
    {
        var entry = catalog.Providers.FirstOrDefault(e => string.Equals(e.Name, pinned, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidChatRequestException("provider",
                $"Unknown provider '{pinned}'. Known: {string.Join(", ", catalog.Providers.Select(e => e.Name))}.");
        var candidate = new ModelRouteResolver(catalog).Resolve(requested).FirstOrDefault(c => string.Equals(c.Name, entry.Name, StringComparison.Ordinal))
            ?? throw new InvalidChatRequestException("provider", $"Provider {entry.Name} does not serve '{requested}' or is not active.");
        return $"{candidate.Name}/{candidate.ModelId}";
    }

    private static async Task<ChatReply> StreamAsync(RouterProvider router, ChatRequest request, ReplyWriter writer,
        ConversationState? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await ChatReplyStreamer.StreamAsync(router, request, writer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (!cancellationToken.IsCancellationRequested)
        {
            // Not Ctrl+C (that is exit 130): a provider or its HTTP client gave up on its own.
            throw new ProviderException(previous?.Provider ?? request.Model,
                $"The provider cancelled the request on its own (a timeout?): {cancelled.Message}", cancelled);
        }
    }

    private static async Task SaveConversationAsync(ChatInvocation invocation, ConversationState? previous, ChatRequest request,
        ChatReply reply, CancellationToken cancellationToken)
    {
        if (invocation.ConversationPath is not { } path || reply.Finish is null)
        {
            return;
        }

        var next = reply.Conversation ?? new ConversationState
        {
            Provider = reply.Route?.Provider ?? previous?.Provider ?? "",
            Model = reply.Route?.Model ?? previous?.Model ?? request.Model,
            Messages = [.. request.Messages, new ChatMessage(ChatRole.Assistant, reply.Text)],
        };
        await ConversationFile.WriteAtomicallyAsync(path, next, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReportAsync(ChatInvocation invocation, ChatReply reply, ReplyWriter writer, TextWriter error)
    {
        if (invocation.Verbose && reply.Usage is { } usage)
        {
            await writer.WriteUsageAsync(usage).ConfigureAwait(false);
        }

        if (reply.Finish?.Reason == FinishReason.Length)
        {
            await error.WriteLineAsync("host: the reply was cut off at the token limit (finish reason: length).").ConfigureAwait(false);
        }
    }
}
