using System.Text.Json.Serialization;
using Providers.Host.Plugins;

namespace Providers.Host.Server.Contracts;

/// <summary>
/// A provider as <c>GET /v1/providers</c> lists it: the <see cref="ProviderView"/> of <c>host providers --json</c>
/// with <c>id</c> and <c>object</c> first and without <c>plugin</c> (a path on the server is not the client's business).
/// The model fields are written only for <c>GET /v1/providers/{id}</c>.
/// </summary>
internal sealed record ProviderCard : ProviderView
{
    private readonly bool _withModels;

    // Private, so JSON has no constructor to read a card with: the hidden model fields could not be set.
    private ProviderCard(ProviderView view, bool withModels)
        : base(view)
    {
        Id = view.Name;
        _withModels = withModels;
    }

    public static ProviderCard From(ProviderView view, bool withModels)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ProviderCard(view, withModels);
    }

    [JsonPropertyOrder(-2)]
    public string Id { get; }

    [JsonPropertyOrder(-1)]
    public string Object { get; } = "provider";

    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public new string? DefaultModel => _withModels ? base.DefaultModel : null;

    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public new IReadOnlyList<string>? Models => _withModels ? base.Models : null;

    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public new IReadOnlyDictionary<string, string>? ModelAliases => _withModels ? base.ModelAliases : null;

    // Always null, so never written: hiding with [JsonIgnore] would let the view's property through.
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public new PluginView? Plugin { get; }
}
