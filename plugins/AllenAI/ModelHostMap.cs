namespace Providers.AllenAI;

/// <summary>Which Ai2 <c>host</c> serves each model.</summary>
/// <remarks>
/// Ai2 rejects a model sent with the wrong host (400 "Invalid model/host combination"); g4f sent
/// <c>inferd</c> for everything, so only <c>tulu3-405b</c> worked. Built-in values follow the
/// production list of 2025 (docs/ai2-protocol.md §5.3); <c>modelHosts</c> in plugins.json overrides them,
/// since Ai2 moves models between hosts.
/// </remarks>
internal static class ModelHostMap
{
    public const string Inferd = "inferd";
    public const string Modal = "modal";

    /// <returns>The host and whether it was configured rather than built in.</returns>
    public static (string Host, bool IsExplicit) HostFor(string modelId, IReadOnlyDictionary<string, string> overrides)
    {
        if (overrides.TryGetValue(modelId, out var configured))
        {
            return (configured, true);
        }

        // Configuration keys are case-insensitive in Microsoft.Extensions.Configuration.
        foreach (var (model, host) in overrides)
        {
            if (string.Equals(model, modelId, StringComparison.OrdinalIgnoreCase))
            {
                return (host, true);
            }
        }

        return (modelId == "tulu3-405b" ? Inferd : Modal, false);
    }
}
