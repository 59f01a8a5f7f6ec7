using Providers.Abstractions;

namespace Providers.Host.Tests.Fakes;

internal static class Collect
{
    public static async Task<List<ResponseItem>> AllAsync(IAsyncEnumerable<ResponseItem> items, List<ResponseItem>? into = null)
    {
        var list = into ?? [];
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    public static string Text(IEnumerable<ResponseItem> items) => string.Concat(items.OfType<TextDelta>().Select(t => t.Text));
}
