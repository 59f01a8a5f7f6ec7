using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Providers.Host.Cli;

/// <summary>The options and argument of <c>host chat</c>, and how a parsed command line becomes a <see cref="ChatInvocation"/>.</summary>
internal sealed class ChatOptions
{
    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "Model id, alias, Provider/model or host alias (default when continuing: the conversation's model)",
        HelpName = "MODEL",
    };

    private readonly Option<string?> _provider = new("--provider") { Description = "Use only this provider", HelpName = "NAME" };

    private readonly Option<double?> _temperature = new("--temperature")
    {
        Description = "Sampling temperature",
        HelpName = "T",
        CustomParser = result => ParseNumber<double>(result, "a number", NumberStyles.Float, double.TryParse),
    };

    private readonly Option<double?> _topP = new("--top-p")
    {
        Description = "Nucleus sampling probability",
        HelpName = "P",
        CustomParser = result => ParseNumber<double>(result, "a number", NumberStyles.Float, double.TryParse),
    };

    private readonly Option<int?> _maxTokens = new("--max-tokens")
    {
        Description = "Upper bound on generated tokens",
        HelpName = "N",
        CustomParser = result => ParseNumber<int>(result, "a whole number", NumberStyles.Integer, int.TryParse),
    };

    private readonly Option<string?> _conversation = new("--conversation")
    {
        Description = "Continue the conversation in FILE if it exists; save it there after a complete reply",
        HelpName = "FILE",
    };

    private readonly Option<bool> _thinking = new("--thinking") { Description = "Show the model's reasoning on standard error" };

    private readonly Option<bool> _verbose = new("--verbose", "-v")
    {
        Description = "Log routing and provider decisions, and the reply's token usage when known, to standard error",
    };

    private readonly Argument<string[]> _message = new("MESSAGE")
    {
        Description = "The message (words are joined by spaces); none or '-' reads standard input",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private delegate bool NumberParser<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    public Command CreateCommand() => new("chat", "Send one message and stream the reply to standard output")
    {
        _model, _provider, _temperature, _topP, _maxTokens, _conversation, _thinking, _verbose, _message,
    };

    /// <exception cref="Providers.Abstractions.InvalidChatRequestException">A word before <c>--</c> looks like an option no one knows.</exception>
    public ChatInvocation Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        UnmatchedOptionCheck.ThrowIfAny(parseResult, _message);
        return new ChatInvocation(
            parseResult.GetValue(_model),
            parseResult.GetValue(_provider),
            parseResult.GetValue(_temperature),
            parseResult.GetValue(_topP),
            parseResult.GetValue(_maxTokens),
            parseResult.GetValue(_conversation),
            parseResult.GetValue(_thinking),
            parseResult.GetValue(_verbose),
            parseResult.GetValue(_message) ?? []);
    }

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
}
