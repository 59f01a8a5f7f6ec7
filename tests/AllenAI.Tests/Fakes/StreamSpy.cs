using System.Runtime.CompilerServices;
using System.Text;
using Providers.Abstractions;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>Lets a test react at an exact point of a reply instead of waiting a while.</summary>
internal static class StreamSpy
{
    /// <summary>
    /// Passes <paramref name="source"/> through and calls <paramref name="reached"/> once the text
    /// yielded so far equals <paramref name="text"/>, before that item reaches the consumer (so
    /// before the provider is asked for anything more).
    /// </summary>
    public static async IAsyncEnumerable<ResponseItem> OnTextReached(this IAsyncEnumerable<ResponseItem> source, string text, Action reached,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new StringBuilder();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            if (item is TextDelta delta && seen.Append(delta.Text).Equals(text))
            {
                reached();
            }

            yield return item;
        }
    }
}
