using System.CommandLine;
using System.CommandLine.Parsing;
using Providers.Abstractions;

namespace Providers.Host.Cli;

/// <summary>Finds an unknown option that a free-text argument took as words (<c>--temprature</c>).</summary>
/// <remarks>
/// System.CommandLine hands a token that looks like an option but names none to an argument that
/// takes any number of words, so a mistyped option would be sent upstream as prompt text. A word
/// that starts with '-' is accepted only after <c>--</c>, which is how a message such as
/// "-1 is negative" is written; a lone '-' (read standard input) is not an option.
/// </remarks>
internal static class UnmatchedOptionCheck
{
    /// <exception cref="InvalidChatRequestException">A word of <paramref name="words"/> before <c>--</c> looks like an option.</exception>
    public static void ThrowIfAny(ParseResult parseResult, Argument<string[]> words)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(words);
        var taken = parseResult.GetResult(words)?.Tokens ?? [];
        foreach (var token in parseResult.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return;
            }

            if (token.Value.Length > 1 && token.Value[0] == '-' && taken.Any(t => ReferenceEquals(t, token)))
            {
                throw new InvalidChatRequestException(words.Name,
                    $"Unrecognized option '{token.Value}' (see 'host chat --help'); to send a message that starts with '-', put it after '--'.");
            }
        }
    }
}
