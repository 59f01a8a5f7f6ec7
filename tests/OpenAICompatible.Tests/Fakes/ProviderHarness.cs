using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.OpenAICompatible.Tests.Fakes;

/// <summary>Creates an instance the way the host does: its own container, the type's ConfigureServices, the section.</summary>
internal static class ProviderHarness
{
    public const string InstanceName = "Local";

    public static ProviderInstance Instance(IReadOnlyDictionary<string, string?> section) =>
        new(InstanceName, OpenAICompatibleProviderType.TypeName, new ConfigurationBuilder().AddInMemoryCollection(section).Build());

    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> section)
    {
        var instance = Instance(section);
        var services = new ServiceCollection();
        services.AddSingleton(instance);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions();
        new OpenAICompatibleProviderType().ConfigureServices(services, instance);
        return services.BuildServiceProvider();
    }

    public static Dictionary<string, string?> Section(Uri baseUrl, params (string Key, string? Value)[] extra)
    {
        var section = new Dictionary<string, string?>
        {
            ["type"] = OpenAICompatibleProviderType.TypeName,
            ["baseUrl"] = baseUrl.ToString(),
            ["models:0"] = "llama3.2",
            ["models:1"] = "qwen2.5:7b",
            ["modelAliases:llama"] = "llama-latest",
            ["modelAliases:llama-latest"] = "llama3.2",
        };
        foreach (var (key, value) in extra)
        {
            section[key] = value;
        }

        return section;
    }

    /// <summary>Collects every item; an exception ends the list and is returned beside the items before it.</summary>
    public static async Task<(List<ResponseItem> Items, Exception? Failure)> CollectAsync(IAsyncGeneratorProvider provider, ChatRequest request)
    {
        var items = new List<ResponseItem>();
        try
        {
            await foreach (var item in provider.CreateAsyncGenerator(request))
            {
                items.Add(item);
            }

            return (items, null);
        }
        catch (Exception ex)
        {
            return (items, ex);
        }
    }

    public static string Text(IEnumerable<ResponseItem> items) => string.Concat(items.OfType<TextDelta>().Select(d => d.Text));

    public static ChatRequest Ask(string text, string model = "") => new() { Model = model, Messages = [new ChatMessage(ChatRole.User, text)] };
}
